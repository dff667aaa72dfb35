import { useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { RecoveryList } from './RecoveryList';

/** Shown in place of the canvas while no project is open. */
export function Welcome({ commands }: { commands: Commands }) {
  const examples = useStudio((s) => s.examples);
  return (
    <div className="welcome">
      <h1>Attractor Studio</h1>
      <p className="muted">Wire a stochastic neural network as a diagram, then train it and look inside.</p>
      <div className="welcome-actions">
        <button type="button" className="primary" onClick={commands.newProject}>
          New project
        </button>
        <button type="button" onClick={commands.open}>
          Open…
        </button>
      </div>
      <RecoveryList />
      {examples.length > 0 && (
        <>
          <h2 className="panel-heading">Examples</h2>
          <ul className="welcome-examples">
            {examples.map((example) => (
              <li key={example.id}>
                <button type="button" data-testid={`welcome-example-${example.id}`} onClick={() => commands.openExample(example.id)}>
                  <strong>{example.name}</strong>
                  <span className="muted">{example.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
