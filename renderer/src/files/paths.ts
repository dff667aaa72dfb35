/** Path helpers for the browser-mode file dialogs (POSIX paths of the machine running main). */

/** The folder part of a path ('/a/b.attractor' → '/a'); '' when there is none. */
export function folderOf(path: string): string {
  const cut = path.replace(/\/+$/, '').lastIndexOf('/');
  return cut < 0 ? '' : cut === 0 ? '/' : path.slice(0, cut);
}

/** The last part of a path ('/a/b.attractor' → 'b.attractor'). */
export function baseName(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? path;
}

/** A child path of a folder. */
export function joinPath(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

/** A file name for a project name: 'XOR Boltzmann machine' → 'XOR Boltzmann machine.attractor', without path separators. */
export function projectFileName(projectName: string): string {
  const cleaned = projectName.replace(/[/\\:*?"<>|]+/g, '-').trim() || 'untitled';
  return cleaned.toLowerCase().endsWith('.attractor') ? cleaned : `${cleaned}.attractor`;
}
