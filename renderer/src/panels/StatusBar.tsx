import { useStudio } from '../app/StudioContext';

/** Bottom bar: compute backend, mode, project file and whether everything is saved. */
export function StatusBar() {
  const appInfo = useStudio((s) => s.appInfo);
  const project = useStudio((s) => s.project);
  const unsynced = useStudio((s) => s.unsynced);
  const reopened = useStudio((s) => (s.reopenedEpoch !== null && s.reopenedEpoch === s.docEpoch ? (s.project?.name ?? null) : null));
  const saveState = !project ? '' : unsynced ? 'Storing edits…' : project.dirty ? 'Unsaved changes' : 'Saved';
  return (
    <footer className="statusbar" role="status" aria-label="Status">
      <span title="TensorFlow.js backend used for training">
        Backend <strong data-testid="status-backend">{appInfo?.backend ?? '…'}</strong>
      </span>
      <span data-testid="status-mode">{appInfo ? (appInfo.mode === 'electron' ? 'Desktop' : 'Browser') : ''}</span>
      <span className="status-path" data-testid="status-path" title={project?.path ?? undefined}>
        {project ? (project.path ?? 'untitled') : 'No project'}
        {project?.readOnly && !project.readOnlyNotice ? ' (read-only)' : ''}
      </span>
      {project?.readOnlyNotice && (
        <span className="status-readonly" data-testid="status-readonly" title={`${project.readOnlyNotice}. Edits are refused; Save As makes a writable copy.`}>
          {project.readOnlyNotice}
        </span>
      )}
      {reopened && (
        <span className="status-reopened" data-testid="status-reopened" title="Reloading the page keeps the open project: the server holds it">
          Reopened “{reopened}”: the server kept it open
        </span>
      )}
      <span className="toolbar-spacer" />
      <span data-testid="status-saved" className={project?.dirty || unsynced ? 'is-dirty' : undefined}>
        {project?.dirty || unsynced ? '● ' : ''}
        {saveState}
      </span>
      {appInfo && <span className="muted">v{appInfo.version}</span>}
    </footer>
  );
}
