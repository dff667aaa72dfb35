import { useEffect, useRef, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';

/** Browser mode's Open… / Save As… dialog: a project file path typed by the user. */
export function PathDialog() {
  const { store, controller } = useServices();
  const kind = useStudio((s) => s.pathDialog);
  const defaultDir = useStudio((s) => s.appInfo?.defaultProjectDir ?? '');
  const currentPath = useStudio((s) => s.project?.path ?? null);
  const [path, setPath] = useState('');
  /** The typed path names an existing file: ask before replacing it. */
  const [confirmReplace, setConfirmReplace] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!kind) return;
    setConfirmReplace(false);
    setPath(kind === 'saveAs' ? (currentPath ?? `${defaultDir}/xor.attractor`) : (currentPath ?? `${defaultDir}/`));
    requestAnimationFrame(() => input.current?.select());
  }, [kind, currentPath, defaultDir]);

  if (!kind) return null;
  const close = () => store.actions.setPathDialog(null);
  const submit = async (overwrite = false) => {
    const trimmed = path.trim();
    if (!trimmed) return;
    if (kind === 'open') {
      close();
      await controller.open(trimmed);
      return;
    }
    const outcome = await controller.saveAs(trimmed, overwrite);
    if (outcome === 'exists') setConfirmReplace(true);
    else close();
  };
  const title = kind === 'open' ? 'Open project' : 'Save project as';

  return (
    <div className="dialog-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="path-dialog-title"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2 id="path-dialog-title">{title}</h2>
        <label htmlFor="path-input">Project file path (.attractor)</label>
        <input id="path-input" ref={input} data-testid="path-input" value={path} onChange={(e) => {
            setPath(e.target.value);
            setConfirmReplace(false);
          }} spellCheck={false} autoFocus />
        {confirmReplace && (
          <p className="dialog-warning" role="alert" data-testid="path-exists">
            This file already exists. Replace it with the current project?
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Cancel
          </button>
          {confirmReplace ? (
            <button type="button" className="primary danger" data-testid="path-replace" onClick={() => void submit(true)}>
              Replace
            </button>
          ) : (
            <button type="submit" className="primary" data-testid="path-ok" disabled={!path.trim()}>
              {kind === 'open' ? 'Open' : 'Save'}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
