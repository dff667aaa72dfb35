import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { ApiError, FolderEntry } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';
import { FileBrowser } from '../files/FileBrowser';
import { baseName, folderOf, joinPath, projectFileName } from '../files/paths';
import { RecentList } from '../files/RecentList';
import { replaceGuardOf } from '../files/replaceGuard';
import '../files/files.css';

/** Browser mode's Open… / Save As… dialog: a folder browser, recent projects and a path field; it closes only on success. */
export function PathDialog() {
  const { store, controller, api } = useServices();
  const kind = useStudio((s) => s.pathDialog);
  const defaultDir = useStudio((s) => s.appInfo?.defaultProjectDir ?? '');
  const currentPath = useStudio((s) => s.project?.path ?? null);
  const projectName = useStudio((s) => s.project?.name ?? 'untitled');
  const [path, setPath] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  /** The typed path names an existing file: ask before replacing it. */
  const [confirmReplace, setConfirmReplace] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  /** The user typed or picked a path since the dialog opened: the proposed path, which arrives later, must not replace it. */
  const touched = useRef(false);

  // Before the first paint of an opening: nothing typed into it may be reset afterwards.
  useLayoutEffect(() => {
    if (!kind) return;
    setConfirmReplace(false);
    setError(null);
    setFolder(null);
    setPath('');
    touched.current = false;
    let live = true;
    // Start in the folder of the open project, else of the most recent one, else the default folder.
    void api.call('project:recent').then((result) => {
      if (!live) return;
      const paths = result.ok ? result.value : [];
      setRecent(paths);
      const start = currentPath ? folderOf(currentPath) : paths[0] ? folderOf(paths[0]) : defaultDir;
      setFolder(start);
      const initial = kind === 'saveAs' ? (currentPath ?? joinPath(start, projectFileName(projectName))) : joinPath(start, '');
      // A path typed while the list was loading wins.
      if (touched.current) return;
      setPath(initial);
      requestAnimationFrame(() => input.current?.select());
    });
    if (kind === 'open') void controller.loadRecoverable();
    return () => {
      live = false;
    };
  }, [kind, currentPath, defaultDir, projectName, api, controller]);

  // Escape also closes it when focus left the form (e.g. a removed field). Captured before the editor's shortcuts, which
  // would otherwise take it as "clear the selection"; the form stops its own Escapes (a field's Escape stays the field's).
  useEffect(() => {
    if (!kind) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      if (event.target instanceof Node && document.querySelector('[data-testid="path-dialog"]')?.contains(event.target)) return;
      event.preventDefault();
      store.actions.setPathDialog(null);
      if (kind === 'saveAs') replaceGuardOf(store).settleSaveAs(false);
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [kind, store]);

  if (!kind) return null;
  const close = (saved = false) => {
    // The next opening starts empty rather than showing this one's path until its proposal arrives.
    setPath('');
    store.actions.setPathDialog(null);
    if (kind === 'saveAs') replaceGuardOf(store).settleSaveAs(saved);
  };
  const edit = (next: string) => {
    touched.current = true;
    setPath(next);
    setConfirmReplace(false);
    setError(null);
  };
  const goTo = (next: string) => {
    setFolder(next);
    setError(null);
    setConfirmReplace(false);
    setPath(kind === 'saveAs' ? joinPath(next, baseName(path) || projectFileName(projectName)) : joinPath(next, ''));
  };
  const run = async (work: () => Promise<ApiError | null>) => {
    setBusy(true);
    try {
      const failed = await work();
      if (!failed) close(true);
      else if (failed.code === 'exists') setConfirmReplace(true);
      else setError(failed);
    } finally {
      setBusy(false);
    }
  };
  const submit = async (target = path, overwrite = false) => {
    const trimmed = target.trim();
    if (!trimmed || busy) return;
    // A folder typed or chosen is entered, not opened.
    if (trimmed.endsWith('/')) return goTo(trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : '/');
    const asFolder = await api.call('fs:list', { path: trimmed });
    if (asFolder.ok) return goTo(asFolder.value.path);
    await run(() => (kind === 'open' ? controller.tryOpen(trimmed) : controller.trySaveAs(trimmed, overwrite)));
  };
  const select = (selected: string, entry: FolderEntry) => {
    if (entry.kind === 'folder') edit(kind === 'saveAs' ? joinPath(selected, baseName(path) || projectFileName(projectName)) : `${selected}/`);
    else if (kind === 'open' || entry.kind === 'project') edit(selected);
  };
  const title = kind === 'open' ? 'Open project' : 'Save project as';

  return (
    <div className="dialog-backdrop" onPointerDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="dialog file-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="path-dialog-title"
        data-testid="path-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Escape') return;
          e.stopPropagation();
          close();
        }}
      >
        <h2 id="path-dialog-title">{title}</h2>
        <div className="file-dialog-body">
          {kind === 'open' && (
            <RecentList
              recent={recent}
              disabled={busy}
              onOpen={(recentPath) => {
                edit(recentPath);
                void run(() => controller.tryOpen(recentPath));
              }}
              onRecovered={() => close(true)}
            />
          )}
          {folder !== null && (
            <FileBrowser
              folder={folder}
              selectedPath={path.trim()}
              onFolder={(next) => next !== folder && goTo(next)}
              onSelect={select}
              onChoose={(chosen) => {
                edit(chosen);
                void submit(chosen);
              }}
              onError={setError}
            />
          )}
        </div>
        <label htmlFor="path-input">{kind === 'open' ? 'Project file (.attractor) or folder' : 'Save to (.attractor is added when missing)'}</label>
        <input id="path-input" ref={input} data-testid="path-input" value={path} onChange={(e) => edit(e.target.value)} spellCheck={false} autoFocus />
        {error && (
          <p className="dialog-warning" role="alert" data-testid="path-error">
            {error.message}
          </p>
        )}
        {confirmReplace && (
          <p className="dialog-warning" role="alert" data-testid="path-exists">
            This file already exists. Replace it with the current project?
          </p>
        )}
        <div className="dialog-buttons">
          <button type="button" onClick={() => close()}>
            Cancel
          </button>
          {confirmReplace ? (
            <button type="button" className="primary danger" data-testid="path-replace" disabled={busy} onClick={() => void submit(path, true)}>
              Replace
            </button>
          ) : (
            <button type="submit" className="primary" data-testid="path-ok" disabled={!path.trim() || busy}>
              {kind === 'open' ? 'Open' : 'Save'}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
