import type { DiagramNode, Position } from '../../../engine/diagram/types';
import type { Commands } from '../app/useCommands';
import { PALETTE_ITEMS } from './paletteTemplates';
import { activeStructure } from '../store/compiled';
import type { StudioStore } from '../store/studioStore';

/** What was right-clicked: the empty canvas (at a flow position), a node, an edge, or the box around a selection. */
export type MenuTarget = { kind: 'pane'; at: Position } | { kind: 'node'; id: string } | { kind: 'edge'; id: string } | { kind: 'selection' };

export interface MenuItem {
  id: string;
  label: string;
  /** Shortcut shown beside the label. */
  keys?: string;
  disabled?: boolean;
  run(): void;
}

/** A menu is a list of groups, drawn with separators between them. */
export type MenuGroups = MenuItem[][];

/** The items of the context menu for a target, from the current state (the selection was already updated by the click). */
export function contextMenuItems(target: MenuTarget, store: StudioStore, commands: Commands): MenuGroups {
  const state = store.getState();
  const { actions } = store;
  const structure = activeStructure(state);
  if (!structure) return [];
  const readOnly = state.project?.readOnly ?? false;
  const { nodeIds, edgeIds } = state.selection;
  const coupling = state.edgeMode === 'coupling';

  if (target.kind === 'pane') {
    return [
      PALETTE_ITEMS.map((item, i) => ({ id: `add-${item.id}`, label: `Add ${item.id === 'rbm' ? 'an RBM block' : `a ${item.label.toLowerCase()}`} here`, keys: String(i + 1), disabled: readOnly, run: () => commands.addAt(item, target.at) })),
      [
        { id: 'paste-here', label: 'Paste here', keys: 'Ctrl+V', disabled: readOnly || !state.clipboard, run: () => void actions.paste(target.at) },
        { id: 'select-all', label: 'Select all', keys: 'Ctrl+A', run: commands.selectAll },
        { id: 'templates', label: 'Insert template…', keys: 'T', disabled: readOnly, run: commands.templates },
      ],
      [
        { id: 'auto-layout', label: 'Auto-layout', keys: 'L', disabled: readOnly || structure.nodes.length === 0, run: commands.autoLayout },
        { id: 'fit-view', label: 'Zoom to fit', keys: 'F', run: commands.fitView },
      ],
    ];
  }

  const edges = structure.edges.filter((e) => edgeIds.includes(e.id));
  const edgeGroup: MenuItem[] = [];
  if (edges.length > 0) {
    const allCouplings = edges.every((e) => e.kind === 'coupling');
    edgeGroup.push({
      id: 'toggle-kind',
      label: allCouplings ? 'Make parent link' + (edges.length > 1 ? 's' : '') : 'Make coupling' + (edges.length > 1 ? 's' : ''),
      keys: 'K',
      disabled: readOnly,
      run: () => void actions.setEdgeKind(edgeIds, allCouplings ? 'parent' : 'coupling'),
    });
    if (edges.some((e) => e.kind === 'parent')) {
      edgeGroup.push({ id: 'reverse', label: 'Reverse direction', keys: 'R', disabled: readOnly, run: commands.reverseEdges });
    }
  }
  if (target.kind === 'edge') return [edgeGroup, [{ id: 'delete', label: 'Delete', keys: 'Del', disabled: readOnly, run: commands.deleteSelection }]];

  const nodes = structure.nodes.filter((n) => nodeIds.includes(n.id));
  const lone = nodes.length === 1 ? nodes[0] : undefined;
  const build: MenuItem[] = [];
  if (nodes.length >= 2) {
    build.push({
      id: 'connect',
      label: coupling ? 'Couple every pair' : `Link “${nodes.find((n) => n.id === nodeIds[0])?.label}” to the others`,
      keys: 'C',
      disabled: readOnly,
      run: commands.connectSelection,
    });
  }
  if (lone?.kind === 'layer') {
    build.push({ id: 'self-couple', label: 'Couple to itself (lateral)', disabled: readOnly || !coupling, run: commands.connectSelection });
  }
  const roled = nodes.filter((n): n is Exclude<DiagramNode, { kind: 'rbm' }> => n.kind !== 'rbm');
  if (roled.length > 0) {
    const allVisible = roled.every((n) => n.role === 'visible');
    build.push({
      id: 'toggle-role',
      label: allVisible ? 'Make hidden' : 'Make visible',
      disabled: readOnly,
      run: () => void actions.updateNodes(roled.map((n) => ({ id: n.id, patch: { role: allVisible ? 'hidden' : 'visible' } }))),
    });
  }
  return [
    build,
    edgeGroup,
    [
      { id: 'copy', label: 'Copy', keys: 'Ctrl+C', run: commands.copy },
      { id: 'cut', label: 'Cut', keys: 'Ctrl+X', disabled: readOnly, run: commands.cut },
      { id: 'duplicate', label: 'Duplicate', keys: 'Ctrl+D', disabled: readOnly, run: commands.duplicate },
      { id: 'delete', label: 'Delete', keys: 'Del', disabled: readOnly, run: commands.deleteSelection },
    ],
  ].filter((group) => group.length > 0);
}
