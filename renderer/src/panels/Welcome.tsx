import { useEffect, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import type { Commands } from '../app/useCommands';
import { RecentProjectList } from '../files/RecentProjectList';
import { RecoveryList } from './RecoveryList';
import '../files/files.css';
import './examples.css';

/** Shown in place of the canvas while no project is open. */
export function Welcome({ commands }: { commands: Commands }) {
  const examples = useStudio((s) => s.examples);
  const recent = useRecentProjects();
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
      {recent.length > 0 && (
        <>
          <h2 className="panel-heading">Recent projects</h2>
          <RecentProjectList recent={recent} testId="welcome-recent" className="welcome-recent" onOpen={commands.openRecent} />
        </>
      )}
      {examples.length > 0 && (
        <>
          <h2 className="panel-heading">Examples</h2>
          <ul className="welcome-examples">
            {examples.map((example) => (
              <li key={example.id}>
                <button type="button" data-testid={`welcome-example-${example.id}`} onClick={() => commands.openExample(example.id)}>
                  <strong>{example.name}</strong>
                  <span className="muted">{example.description}</span>
                  <span className="example-try" data-testid={`welcome-example-try-${example.id}`}>
                    Try this: {example.tryThis}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The recent projects main records, read once when the welcome screen appears. */
function useRecentProjects(): string[] {
  const { api } = useServices();
  const [recent, setRecent] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void api.call('project:recent').then((result) => live && result.ok && setRecent(result.value));
    return () => {
      live = false;
    };
  }, [api]);
  return recent;
}
