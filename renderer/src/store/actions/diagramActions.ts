import { diagramId as asDiagramId } from '../../../../engine/diagram/ids';
import { DIAGRAM_FORMAT_VERSION, type Diagram, type UnitEncoding } from '../../../../engine/diagram/types';
import type { DiagramStructure } from '../document';
import { emptySelection } from '../state';
import type { StoreKit } from '../storeKit';
import { instantiateSubgraph, type Subgraph } from '../subgraph';

/** The first "<base>", "<base> 2", "<base> 3", … not already a diagram name. */
export function freshDiagramName(names: Iterable<string>, base: string): string {
  const used = new Set(names);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** The first "<base> 1", "<base> 2", … not already a diagram name. */
export function numberedDiagramName(names: Iterable<string>, base: string): string {
  const used = new Set(names);
  for (let n = 1; ; n++) if (!used.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** An empty diagram structure with ±1 units. */
export function emptyStructure(id: string, name: string): DiagramStructure {
  return { format: 'attractor-diagram', version: DIAGRAM_FORMAT_VERSION, id: asDiagramId(id), name, settings: { encoding: 'pm1' }, nodes: [], edges: [] };
}

/** Adding, duplicating, deleting and importing whole diagrams (tabs), each one undo entry; and switching tabs. */
export function createDiagramActions(kit: StoreKit) {
  const { get, set, makeId, editDocument } = kit;
  const names = () => Object.values(get().doc.diagrams).map((d) => d.name);

  /** Adds a structure as the last tab (where main's storage lists it too) and shows it; false when the project cannot be edited. */
  function addStructure(label: string, structure: DiagramStructure): boolean {
    const previous = get().activeDiagramId;
    const added = editDocument(label, { redo: structure.id, undo: previous ?? structure.id }, (draft) => {
      draft.diagrams[structure.id] = structure as never;
      draft.order.push(structure.id);
    });
    if (added) set({ activeDiagramId: structure.id, selection: emptySelection });
    return added;
  }

  const actions = {
    setActiveDiagram(diagramId: string): void {
      if (get().doc.diagrams[diagramId] && get().activeDiagramId !== diagramId) set({ activeDiagramId: diagramId, selection: emptySelection });
    },

    /** A new empty diagram; returns its id. */
    addDiagram(): string | undefined {
      const id = makeId('diagram');
      return addStructure('New diagram', emptyStructure(id, numberedDiagramName(names(), 'Diagram'))) ? id : undefined;
    },

    /** A copy of a diagram (same node and edge ids, so its trained parameters fit the copy too); returns the copy's id. */
    duplicateDiagram(sourceId: string): string | undefined {
      const source = get().doc.diagrams[sourceId];
      if (!source) return undefined;
      const id = makeId('diagram');
      const copy = { ...structuredClone(source), id: asDiagramId(id), name: freshDiagramName(names(), `${source.name} copy`) };
      if (!addStructure('Duplicate diagram', copy)) return undefined;
      const parameters = get().parameters[sourceId];
      if (parameters) set({ parameters: { ...get().parameters, [id]: structuredClone(parameters) } });
      return id;
    },

    /** Deletes a diagram (never the last one) and shows its neighbour; undo brings it back with its parameters. */
    deleteDiagram(diagramId: string): boolean {
      const { doc } = get();
      const index = doc.order.indexOf(diagramId);
      if (index < 0 || doc.order.length < 2) return false;
      const neighbour = doc.order[index + 1] ?? doc.order[index - 1];
      const deleted = editDocument('Delete diagram', { redo: neighbour, undo: diagramId }, (draft) => {
        delete draft.diagrams[diagramId];
        draft.order.splice(index, 1);
      });
      if (deleted && get().activeDiagramId === diagramId) set({ activeDiagramId: neighbour, selection: emptySelection });
      return deleted;
    },

    /** A new diagram holding a sub-graph (a template) with the given encoding, as one entry; returns its id. */
    addDiagramWith(name: string, subgraph: Subgraph, encoding: UnitEncoding): string | undefined {
      const id = makeId('diagram');
      const structure = emptyStructure(id, freshDiagramName(names(), name));
      const copy = instantiateSubgraph(subgraph, structure, makeId, { at: { x: 0, y: 0 } });
      return addStructure('Insert template', { ...structure, settings: { encoding }, nodes: copy.nodes, edges: copy.edges }) ? id : undefined;
    },

    /** Adds a parsed diagram file as a new tab (a fresh id when its id is taken); its parameters come along. Returns the new id. */
    importDiagram(diagram: Diagram): string | undefined {
      const { parameters, ...structure } = structuredClone(diagram);
      const id = get().doc.diagrams[structure.id] ? makeId('diagram') : structure.id;
      const imported = { ...structure, id: asDiagramId(id), name: freshDiagramName(names(), structure.name) };
      if (!addStructure('Import diagram', imported)) return undefined;
      if (parameters) set({ parameters: { ...get().parameters, [id]: parameters } });
      return id;
    },
  };
  return actions;
}
