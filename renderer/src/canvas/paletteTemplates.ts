import type { NodeTemplate } from '../store/edits';
import type { NodeKind } from '../../../engine/diagram/types';
import { NODE_SIZE } from './flowTypes';

/** One palette entry: what it adds and how it is described. */
export interface PaletteItem {
  id: string;
  label: string;
  hint: string;
  template: NodeTemplate;
}

export const PALETTE_ITEMS: PaletteItem[] = [
  { id: 'visible-unit', label: 'Visible unit', hint: 'One observed binary unit', template: { kind: 'unit', role: 'visible' } },
  { id: 'hidden-unit', label: 'Hidden unit', hint: 'One latent binary unit', template: { kind: 'unit', role: 'hidden' } },
  { id: 'visible-layer', label: 'Visible layer', hint: 'A group of observed units', template: { kind: 'layer', role: 'visible' } },
  { id: 'hidden-layer', label: 'Hidden layer', hint: 'A group of latent units', template: { kind: 'layer', role: 'hidden' } },
  { id: 'rbm', label: 'RBM block', hint: 'Visible and hidden layers, bipartite weights', template: { kind: 'rbm' } },
];

/** Drag-and-drop data type of a palette item (its id). */
export const PALETTE_DRAG_TYPE = 'application/x-attractor-palette-item';

export function paletteItem(id: string): PaletteItem | undefined {
  return PALETTE_ITEMS.find((item) => item.id === id);
}

/** Top-left position that puts a new node of `kind` centred on `point`. */
export function centredAt(kind: NodeKind, point: { x: number; y: number }): { x: number; y: number } {
  const size = NODE_SIZE[kind];
  return { x: Math.round(point.x - size.width / 2), y: Math.round(point.y - size.height / 2) };
}
