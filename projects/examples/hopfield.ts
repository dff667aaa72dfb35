/** Hopfield retrieval (Mehlig ch. 2): four 8×8 letters stored by Hebb's rule in 64 ±1 units, every pair coupled. */
import type { BinaryDataset } from '../../engine/data/dataset';
import { ExampleDiagram, layerSpec } from './builder';

const SIDE = 8;

/**
 * X, L, H and + drawn on 8×8 pixels ('#' on). Chosen for small mutual overlaps (|m| ≤ 0.25, N = 64, α = p/N ≈ 0.06):
 * Hebb's rule then keeps each a fixed point and retrieves it from a copy with a fifth of its pixels flipped.
 */
const LETTERS: Record<string, string[]> = {
  X: ['##....##', '.##..##.', '..####..', '...##...', '...##...', '..####..', '.##..##.', '##....##'],
  L: ['##......', '##......', '##......', '##......', '##......', '##......', '########', '########'],
  H: ['##....##', '##....##', '##....##', '########', '########', '##....##', '##....##', '##....##'],
  '+': ['...##...', '...##...', '...##...', '########', '########', '...##...', '...##...', '...##...'],
};

/** The stored letters as 0/1 rows (a ±1 model reads 0 as −1), labelled by letter. */
export function hopfieldLetters(): BinaryDataset {
  const names = Object.keys(LETTERS);
  const bits = Uint8Array.from(names.flatMap((name) => [...LETTERS[name].join('')].map((pixel) => (pixel === '#' ? 1 : 0))));
  return {
    id: 'hopfield-letters',
    name: 'Letters X, L, H, + (8×8)',
    width: SIDE * SIDE,
    rowCount: names.length,
    bits,
    imageShape: { rows: SIDE, cols: SIDE },
    labels: Int32Array.from(names, (_, k) => k),
    labelNames: names,
    origin: { method: 'hopfield-retrieval example', settings: {} },
  };
}

/** One self-coupled layer of 64 ±1 units drawn as an 8×8 image: a Hopfield network (Mehlig eq. 2.25 stores into it). */
export function hopfieldDiagram() {
  return new ExampleDiagram('hopfield-letters', 'Hopfield 8×8', 'pm1')
    .row(0, [layerSpec('pixels', 'Pixels', 'visible', SIDE * SIDE, { rows: SIDE, cols: SIDE })])
    .couple('pixels', 'pixels')
    .build();
}
