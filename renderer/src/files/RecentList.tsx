import { useServices, useStudio } from '../app/StudioContext';
import { RecentProjectList } from './RecentProjectList';

interface RecentListProps {
  recent: string[];
  disabled: boolean;
  onOpen(path: string): void;
  /** An unsaved project was recovered (the dialog closes). */
  onRecovered(): void;
}

/** The Open dialog's side column: recent projects (one click opens) and untitled work that can be recovered. */
export function RecentList({ recent, disabled, onOpen, onRecovered }: RecentListProps) {
  const { controller } = useServices();
  const recoverable = useStudio((s) => s.recoverable);
  return (
    <nav className="file-dialog-side" aria-label="Recent projects">
      <h3 className="panel-heading">Recent projects</h3>
      {recent.length === 0 ? (
        <p className="muted file-side-empty">None yet: projects you open or save appear here.</p>
      ) : (
        <RecentProjectList recent={recent} testId="dialog-recent" className="recent-projects" disabled={disabled} onOpen={onOpen} />
      )}
      {recoverable.length > 0 && (
        <>
          <h3 className="panel-heading">Unsaved work</h3>
          <ul className="recent-projects" data-testid="dialog-unsaved">
            {recoverable.map((entry, index) => (
              <li key={entry.path}>
                <button
                  type="button"
                  disabled={disabled}
                  data-testid={`dialog-unsaved-${index}`}
                  title="Recover this untitled project"
                  onClick={() => void controller.recover(entry.path).then(onRecovered)}
                >
                  <span className="recent-name">{entry.name}</span>
                  <span className="recent-folder muted">
                    untitled · {new Date(entry.modifiedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </nav>
  );
}
