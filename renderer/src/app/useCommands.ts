import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useMemo } from 'react';
import type { Position } from '../../../engine/diagram/types';
import { NODE_SIZE } from '../canvas/flowTypes';
import { PALETTE_ITEMS, type PaletteItem } from '../canvas/paletteTemplates';
import { freePosition } from '../canvas/placement';
import { activeStructure, savedDiagram } from '../store/compiled';
import { adjacentNode } from '../store/navigation';
import { GRID_SIZE } from '../store/state';
import { diagramFileName, diagramFileText, downloadText, readDiagramFile } from './diagramFiles';
import type { CommandId } from './shortcuts';
import { useServices } from './StudioContext';
import { requestStartRun } from '../train/startRunEvent';
import { replaceGuardOf } from '../files/replaceGuard';
import { hasUnsavedWork } from '../files/unsavedWork';

/** Every command of the editor: the keyboard, the toolbar, menus and the palette all run these. */
export type Commands = Record<CommandId, () => void> & {
  openExample(exampleId: string): void;
  /** Opens a project from the recent list (asking first when an edited untitled project would be replaced). */
  openRecent(path: string): void;
  /** Recovers an untitled project an earlier session left (asking first, as for Open). */
  recover(path: string): void;
  /** Adds a palette item at the centre of the view (or the nearest free spot). */
  addAtCentre(item: PaletteItem): void;
  /** Adds a palette item centred on a flow position (a drop, a context menu). */
  addAt(item: PaletteItem, point: Position): void;
  exportDiagram(diagramId: string): void;
  importDiagramFile(file: File): Promise<void>;
  /** The flow position at the centre of the canvas. */
  viewCentre(): Position;
};

export function useCommands(): Commands {
  const { store, controller, mode } = useServices();
  const flow = useReactFlow();
  const flowStore = useStoreApi();
  return useMemo(() => {
    const { actions } = store;
    const get = store.getState;
    const saveAs = () => (mode === 'browser' ? actions.setPathDialog('saveAs') : void controller.saveAs());
    const guard = replaceGuardOf(store);

    /** Resolves true when the open project may be replaced: nothing unsaved, the user saved it, or chose Discard. */
    const mayReplace = async (replacement: string): Promise<boolean> => {
      const state = get();
      if (!hasUnsavedWork(state)) return true;
      const choice = await guard.ask({ projectName: state.project?.name ?? 'Untitled', replacement });
      if (choice !== 'save') return choice === 'discard';
      if (mode !== 'browser') return (await controller.saveAs()) === 'saved';
      const saved = guard.awaitSaveAs();
      actions.setPathDialog('saveAs');
      return saved;
    };
    /** Runs `replace` once the open project may be replaced. */
    const replacing = (replacement: string, replace: () => unknown) => () =>
      void mayReplace(replacement).then((ok) => {
        if (ok) replace();
      });

    const viewCentre = (): Position => {
      const { width, height, transform } = flowStore.getState();
      const [x, y, zoom] = transform;
      return { x: (width / 2 - x) / zoom, y: (height / 2 - y) / zoom };
    };
    const addAtCentre = (item: PaletteItem) => {
      const existing = (activeStructure(get())?.nodes ?? []).map((n) => ({ ...n.position, ...NODE_SIZE[n.kind] }));
      actions.addNode(item.template, freePosition(item.template.kind, viewCentre(), existing));
    };
    const addItem = (id: string) => () => addAtCentre(PALETTE_ITEMS.find((i) => i.id === id)!);

    /** Pans (never zooms) so that a node is inside the view. */
    const reveal = (nodeId: string) => {
      const node = activeStructure(get())?.nodes.find((n) => n.id === nodeId);
      if (!node) return;
      const { width, height, transform } = flowStore.getState();
      const [x, y, zoom] = transform;
      const size = NODE_SIZE[node.kind];
      const left = node.position.x * zoom + x;
      const top = node.position.y * zoom + y;
      if (left >= 0 && top >= 0 && left + size.width * zoom <= width && top + size.height * zoom <= height) return;
      void flow.setCenter(node.position.x + size.width / 2, node.position.y + size.height / 2, { zoom, duration: 200 });
    };
    const step = (direction: 1 | -1, extend: boolean) => () => {
      const structure = activeStructure(get());
      if (!structure) return;
      const { nodeIds } = get().selection;
      const next = adjacentNode(structure, nodeIds, direction);
      if (!next) return;
      actions.setSelection({ nodeIds: extend ? [...nodeIds.filter((id) => id !== next), next] : [next], edgeIds: extend ? get().selection.edgeIds : [] });
      reveal(next);
    };
    const nudge = (dx: number, dy: number) => () => void actions.nudgeSelection(dx * GRID_SIZE, dy * GRID_SIZE);
    const selectedEdges = () => get().selection.edgeIds;

    const commands: Commands = {
      newProject: replacing('a new project', () => controller.newProject()),
      openExample: (exampleId: string) => {
        const name = get().examples.find((e) => e.id === exampleId)?.name ?? exampleId;
        replacing(`the example “${name}”`, () => controller.openExample(exampleId))();
      },
      open: replacing('another project', () => (mode === 'browser' ? actions.setPathDialog('open') : controller.open())),
      openRecent: (path: string) => replacing('another project', () => controller.open(path))(),
      recover: (path: string) => replacing('the recovered project', () => controller.recover(path))(),
      save: () => {
        const project = get().project;
        if (!project) return;
        if (project.path === null) saveAs();
        else void controller.save();
      },
      saveAs: () => {
        if (get().project) saveAs();
      },
      newDiagram: () => void actions.addDiagram(),
      undo: actions.undo,
      redo: actions.redo,
      copy: () => void actions.copySelection(),
      cut: () => void actions.cutSelection(),
      paste: () => void actions.paste(),
      duplicate: () => void actions.duplicateSelection(),
      deleteSelection: () => void actions.deleteSelection(),
      selectAll: actions.selectAll,
      escape: () => {
        if (get().overlay) actions.setOverlay(null);
        else actions.setSelection({ nodeIds: [], edgeIds: [] });
      },
      addVisibleUnit: addItem('visible-unit'),
      addHiddenUnit: addItem('hidden-unit'),
      addVisibleLayer: addItem('visible-layer'),
      addHiddenLayer: addItem('hidden-layer'),
      addRbm: addItem('rbm'),
      connectSelection: () => void actions.connectSelection(),
      toggleEdgeMode: () => actions.setEdgeMode(get().edgeMode === 'coupling' ? 'parent' : 'coupling'),
      toggleEdgeKind: () => {
        const structure = activeStructure(get());
        const edges = structure?.edges.filter((e) => selectedEdges().includes(e.id)) ?? [];
        if (edges.length > 0) actions.setEdgeKind(selectedEdges(), edges[0].kind === 'coupling' ? 'parent' : 'coupling');
      },
      reverseEdges: () => void actions.reverseEdges(selectedEdges()),
      selectNext: step(1, false),
      selectPrevious: step(-1, false),
      extendNext: step(1, true),
      extendPrevious: step(-1, true),
      nudgeLeft: nudge(-1, 0),
      nudgeRight: nudge(1, 0),
      nudgeUp: nudge(0, -1),
      nudgeDown: nudge(0, 1),
      nudgeLeftFar: nudge(-4, 0),
      nudgeRightFar: nudge(4, 0),
      nudgeUpFar: nudge(0, -4),
      nudgeDownFar: nudge(0, 4),
      autoLayout: () => {
        if (actions.autoLayout()) actions.requestView();
      },
      fitView: () => actions.requestView(),
      zoomIn: () => void flow.zoomIn({ duration: 150 }),
      zoomOut: () => void flow.zoomOut({ duration: 150 }),
      toggleSnap: () => actions.setSnapToGrid(!get().snapToGrid),
      templates: () => actions.setOverlay({ kind: 'template', templateId: '' }),
      startRun: requestStartRun,
      help: () => actions.setOverlay(get().overlay?.kind === 'help' ? null : { kind: 'help' }),
      addAtCentre,
      addAt: (item, point) => {
        const size = NODE_SIZE[item.template.kind];
        actions.addNode(item.template, { x: Math.round(point.x - size.width / 2), y: Math.round(point.y - size.height / 2) });
      },
      exportDiagram: (diagramId) => {
        const diagram = savedDiagram(get(), diagramId);
        if (diagram) downloadText(diagramFileName(diagram.name), diagramFileText(diagram));
      },
      importDiagramFile: async (file) => {
        const read = readDiagramFile(file.name, await file.text());
        if (read.ok) actions.importDiagram(read.diagram);
        else actions.reportError(read.message);
      },
      viewCentre,
    };
    return commands;
  }, [store, controller, mode, flow, flowStore]);
}
