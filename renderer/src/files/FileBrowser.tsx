import { useEffect, useState } from 'react';
import type { ApiError, FolderEntry, FolderListing } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { joinPath } from './paths';

interface FileBrowserProps {
  /** Folder to show; '' for the home folder. */
  folder: string;
  /** The path in the dialog's input, to highlight its entry. */
  selectedPath: string;
  /** The listing moved to a folder (entered, went up, typed). */
  onFolder(path: string): void;
  /** An entry was selected (click) or chosen (double-click or Enter on a file). */
  onSelect(path: string, entry: FolderEntry): void;
  onChoose(path: string): void;
  /** A listing failed (the folder is missing, unreadable, …). */
  onError(error: ApiError): void;
}

const sizeText = (bytes: number) => (bytes < 1024 ? `${bytes} B` : bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(0)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);
const dateText = (ms: number) => new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A folder's contents for Open and Save As: up, new folder, projects only or all files; double-click a folder to enter it. */
export function FileBrowser({ folder, selectedPath, onFolder, onSelect, onChoose, onError }: FileBrowserProps) {
  const { api } = useServices();
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [showAll, setShowAll] = useState(false);
  const [newFolder, setNewFolder] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    void api.call('fs:list', { path: folder }).then((result) => {
      if (!live) return;
      if (result.ok) setListing(result.value);
      else onError(result.error);
    });
    return () => {
      live = false;
    };
    // onError is the dialog's callback; a listing follows the folder only.
  }, [api, folder, reload]);

  const createFolder = async () => {
    const name = newFolder?.trim();
    if (!name || !listing) return;
    const result = await api.call('fs:mkdir', { path: joinPath(listing.path, name) });
    if (!result.ok) return onError(result.error);
    setNewFolder(null);
    onFolder(result.value);
    setReload((n) => n + 1);
  };

  const shown = (listing?.entries ?? []).filter((e) => showAll || (e.kind !== 'file' && !e.name.startsWith('.')));
  const enter = (entry: FolderEntry, path: string) => (entry.kind === 'folder' ? onFolder(path) : onChoose(path));

  return (
    <div className="file-browser" data-testid="file-browser">
      <div className="file-browser-bar">
        <button type="button" data-testid="folder-up" disabled={!listing?.parent} onClick={() => listing?.parent && onFolder(listing.parent)} title="Parent folder">
          ↑ Up
        </button>
        <span className="file-browser-folder" data-testid="current-folder" title={listing?.path}>
          <bdi>{listing?.path ?? '…'}</bdi>
        </span>
        <button type="button" data-testid="new-folder" onClick={() => setNewFolder('')}>
          New folder
        </button>
        <label className="file-browser-toggle">
          <input type="checkbox" data-testid="show-all-files" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} />
          Show all files
        </label>
      </div>
      {newFolder !== null && (
        <div className="file-browser-new">
          <input
            aria-label="New folder name"
            data-testid="new-folder-name"
            value={newFolder}
            autoFocus
            placeholder="Folder name"
            onChange={(e) => setNewFolder(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                void createFolder();
              } else if (e.key === 'Escape') {
                e.stopPropagation();
                setNewFolder(null);
              }
            }}
          />
          <button type="button" className="primary" data-testid="new-folder-create" disabled={!newFolder.trim()} onClick={() => void createFolder()}>
            Create
          </button>
          <button type="button" onClick={() => setNewFolder(null)}>
            Cancel
          </button>
        </div>
      )}
      <ul className="file-list" role="listbox" aria-label="Folder contents" data-testid="file-list">
        {listing && shown.length === 0 && <li className="file-empty muted">{showAll ? 'This folder is empty.' : 'No folders or .attractor projects here.'}</li>}
        {listing &&
          shown.map((entry) => {
            const path = joinPath(listing.path, entry.name);
            return (
              <li key={entry.name} role="option" aria-selected={selectedPath === path}>
                <button
                  type="button"
                  className={`file-entry is-${entry.kind}`}
                  data-testid={`file-entry-${entry.name}`}
                  onClick={() => onSelect(path, entry)}
                  onDoubleClick={() => enter(entry, path)}
                  onKeyDown={(e) => {
                    if (e.key !== 'Enter') return;
                    e.preventDefault();
                    enter(entry, path);
                  }}
                >
                  <span className="file-icon" aria-hidden="true">
                    {entry.kind === 'folder' ? '▸' : entry.kind === 'project' ? '◆' : '·'}
                  </span>
                  <span className="file-name">{entry.name}</span>
                  <span className="file-size muted">{entry.kind === 'folder' ? '' : sizeText(entry.size)}</span>
                  <span className="file-date muted">{dateText(entry.modifiedAt)}</span>
                </button>
              </li>
            );
          })}
        {listing?.truncated && <li className="file-empty muted">Only the first {listing.entries.length} entries are listed; type a path to reach others.</li>}
      </ul>
    </div>
  );
}
