/** What a command needs from the keyboard: the key (KeyboardEvent.key, case-insensitive) or the physical key code, and modifiers. */
export interface KeyCombo {
  key?: string;
  code?: string;
  /** Ctrl, or ⌘ on a Mac. */
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export type CommandId =
  | 'newProject' | 'open' | 'save' | 'saveAs' | 'undo' | 'redo'
  | 'copy' | 'cut' | 'paste' | 'duplicate' | 'deleteSelection' | 'selectAll' | 'escape'
  | 'addVisibleUnit' | 'addHiddenUnit' | 'addVisibleLayer' | 'addHiddenLayer' | 'addRbm'
  | 'connectSelection' | 'toggleEdgeMode' | 'toggleEdgeKind' | 'reverseEdges'
  | 'selectNext' | 'selectPrevious' | 'extendNext' | 'extendPrevious'
  | 'nudgeLeft' | 'nudgeRight' | 'nudgeUp' | 'nudgeDown' | 'nudgeLeftFar' | 'nudgeRightFar' | 'nudgeUpFar' | 'nudgeDownFar'
  | 'autoLayout' | 'fitView' | 'zoomIn' | 'zoomOut' | 'toggleSnap' | 'templates' | 'newDiagram' | 'startRun' | 'help';

/** One entry of the shortcut table: the keys that run a command and how the help overlay describes it. */
export interface Shortcut {
  command: CommandId;
  combos: KeyCombo[];
  /** The keys as the help overlay writes them, e.g. "Ctrl+Shift+Z". */
  keys: string;
  description: string;
  group: 'Project' | 'Edit' | 'Build' | 'Select and move' | 'View';
  /** Also active while a text field has the focus (project commands). */
  inTextFields?: boolean;
}

/** Gestures listed in the help overlay that are not key presses. */
export const GESTURES: { keys: string; description: string }[] = [
  { keys: 'Shift+drag', description: 'Box select on the canvas' },
  { keys: 'Ctrl+click', description: 'Add a node or edge to the selection' },
  { keys: 'Drag a handle', description: 'Connect two nodes (a layer’s own handles couple it to itself)' },
  { keys: 'Right-click', description: 'Context menu of the canvas, a node or an edge' },
  { keys: 'Drag the canvas', description: 'Pan' },
  { keys: 'Wheel', description: 'Zoom' },
];

export function shortcutTable(isMac: boolean): Shortcut[] {
  const mod = isMac ? '⌘' : 'Ctrl+';
  const s = (command: CommandId, keys: string, description: string, group: Shortcut['group'], combos: KeyCombo[], inTextFields = false): Shortcut => ({
    command,
    keys,
    description,
    group,
    combos,
    inTextFields,
  });
  return [
    s('newProject', `${mod}N`, 'New project', 'Project', [{ key: 'n', mod: true }], true),
    s('open', `${mod}O`, 'Open a project', 'Project', [{ key: 'o', mod: true }], true),
    s('save', `${mod}S`, 'Save', 'Project', [{ key: 's', mod: true }], true),
    s('saveAs', `${mod}Shift+S`, 'Save as', 'Project', [{ key: 's', mod: true, shift: true }], true),
    s('newDiagram', 'Shift+N', 'New diagram (tab)', 'Project', [{ key: 'n', shift: true }]),
    s('startRun', `${mod}Enter`, 'Start a training run with the Train panel’s settings', 'Project', [{ key: 'Enter', mod: true }], true),
    s('undo', `${mod}Z`, 'Undo', 'Edit', [{ key: 'z', mod: true }]),
    s('redo', `${mod}Shift+Z / ${mod}Y`, 'Redo', 'Edit', [{ key: 'z', mod: true, shift: true }, { key: 'y', mod: true }]),
    s('copy', `${mod}C`, 'Copy the selected nodes and the edges among them', 'Edit', [{ key: 'c', mod: true }]),
    s('cut', `${mod}X`, 'Cut', 'Edit', [{ key: 'x', mod: true }]),
    s('paste', `${mod}V`, 'Paste', 'Edit', [{ key: 'v', mod: true }]),
    s('duplicate', `${mod}D`, 'Duplicate the selection', 'Edit', [{ key: 'd', mod: true }]),
    s('deleteSelection', 'Delete / Backspace', 'Delete the selection', 'Edit', [{ key: 'Delete' }, { key: 'Backspace' }]),
    s('addVisibleUnit', '1', 'Add a visible unit at the centre', 'Build', [{ key: '1' }]),
    s('addHiddenUnit', '2', 'Add a hidden unit', 'Build', [{ key: '2' }]),
    s('addVisibleLayer', '3', 'Add a visible layer', 'Build', [{ key: '3' }]),
    s('addHiddenLayer', '4', 'Add a hidden layer', 'Build', [{ key: '4' }]),
    s('addRbm', '5', 'Add an RBM block', 'Build', [{ key: '5' }]),
    s('connectSelection', 'C', 'Connect the selection: couple every pair (a lone layer to itself), or make the first selected the parent of the others', 'Build', [{ key: 'c' }]),
    s('toggleEdgeMode', 'E', 'New connections: coupling ↔ parent link', 'Build', [{ key: 'e' }]),
    s('toggleEdgeKind', 'K', 'Turn the selected edges into the other kind', 'Build', [{ key: 'k' }]),
    s('reverseEdges', 'R', 'Reverse the selected parent links', 'Build', [{ key: 'r' }]),
    s('templates', 'T', 'Insert a network from a template', 'Build', [{ key: 't' }]),
    s('selectAll', `${mod}A`, 'Select all', 'Select and move', [{ key: 'a', mod: true }]),
    s('escape', 'Esc', 'Clear the selection, close a menu or dialog', 'Select and move', [{ key: 'Escape' }]),
    s('selectNext', ']', 'Select the next node (reading order)', 'Select and move', [{ code: 'BracketRight' }]),
    s('selectPrevious', '[', 'Select the previous node', 'Select and move', [{ code: 'BracketLeft' }]),
    s('extendNext', 'Shift+]', 'Add the next node to the selection', 'Select and move', [{ code: 'BracketRight', shift: true }]),
    s('extendPrevious', 'Shift+[', 'Add the previous node to the selection', 'Select and move', [{ code: 'BracketLeft', shift: true }]),
    s('nudgeLeft', '← → ↑ ↓', 'Move the selected nodes one grid step', 'Select and move', [{ key: 'ArrowLeft' }]),
    s('nudgeRight', '', '', 'Select and move', [{ key: 'ArrowRight' }]),
    s('nudgeUp', '', '', 'Select and move', [{ key: 'ArrowUp' }]),
    s('nudgeDown', '', '', 'Select and move', [{ key: 'ArrowDown' }]),
    s('nudgeLeftFar', 'Shift+arrows', 'Move the selected nodes four grid steps', 'Select and move', [{ key: 'ArrowLeft', shift: true }]),
    s('nudgeRightFar', '', '', 'Select and move', [{ key: 'ArrowRight', shift: true }]),
    s('nudgeUpFar', '', '', 'Select and move', [{ key: 'ArrowUp', shift: true }]),
    s('nudgeDownFar', '', '', 'Select and move', [{ key: 'ArrowDown', shift: true }]),
    s('autoLayout', 'L', 'Auto-layout: layered, two rows or a ring', 'View', [{ key: 'l' }]),
    s('fitView', 'F', 'Zoom to fit', 'View', [{ key: 'f' }]),
    s('zoomIn', '+', 'Zoom in', 'View', [{ key: '+' }, { key: '=' }]),
    s('zoomOut', '−', 'Zoom out', 'View', [{ key: '-' }]),
    s('toggleSnap', 'G', 'Snap to grid on or off', 'View', [{ key: 'g' }]),
    s('help', '?', 'Show or hide this list', 'View', [{ key: '?' }, { key: '/', shift: true }]),
  ];
}

/** True when the event is exactly this combination (no extra modifiers; Shift is ignored for printable symbols like ? and +). */
export function matches(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, combo: KeyCombo): boolean {
  if (combo.key !== undefined && event.key.toLowerCase() !== combo.key.toLowerCase()) return false;
  if (combo.code !== undefined && event.code !== combo.code) return false;
  const mod = event.ctrlKey || event.metaKey;
  if (Boolean(combo.mod) !== mod || Boolean(combo.alt) !== event.altKey) return false;
  const symbol = combo.key !== undefined && combo.key.length === 1 && !/[a-z0-9]/i.test(combo.key);
  return symbol && combo.shift === undefined ? true : Boolean(combo.shift) === event.shiftKey;
}

/** The shortcut an event triggers, if any. */
export function shortcutFor(table: readonly Shortcut[], event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): Shortcut | undefined {
  return table.find((s) => s.combos.some((c) => matches(event, c)));
}
