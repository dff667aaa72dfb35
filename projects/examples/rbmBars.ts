/** An RBM on Mehlig's 3×3 bars and stripes (Fig. 4.4, after MacKay): 9 visible 0/1 pixels, 8 hidden units. */
import { barsAndStripes } from '../../engine/data/generators';
import { ExampleDiagram, layerSpec } from './builder';

/** The 14 bars-and-stripes images of 3×3 pixels, each once (the engine's 'bars-stripes-3x3' preset). */
export function barsAndStripes3x3() {
  return { ...barsAndStripes(3), id: 'bars-stripes-3x3', origin: { method: 'bars-stripes', settings: { size: 3 } } };
}

/** Visible 3×3 layer at the bottom, a hidden layer of 8 above it, coupled bipartitely (Mehlig §4.3). */
export function rbmBarsDiagram() {
  return new ExampleDiagram('rbm-bars-stripes', 'RBM 9×8 on bars and stripes', 'binary01')
    .row(1, [layerSpec('visible', 'Pixels', 'visible', 9, { rows: 3, cols: 3 })])
    .row(0, [layerSpec('hidden', 'Hidden', 'hidden', 8)])
    .couple('visible', 'hidden')
    .build();
}
