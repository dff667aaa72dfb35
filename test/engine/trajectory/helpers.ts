import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { nodeId } from '../../../engine/diagram/ids';
import type { UnitEncoding } from '../../../engine/diagram/types';
import type { TrajectoryFrame } from '../../../engine/trajectory/computeTrajectory';

/** One layer of N visible units coupled to itself (a lateral block `xx`), as the Hopfield template compiles. */
export function hopfieldLayerModel(n: number, encoding: UnitEncoding = 'pm1'): EnergyModelSpec {
  const range = { start: 0, end: n };
  const x = nodeId('x');
  return {
    type: 'energy',
    family: 'hopfield',
    encoding,
    unitCount: n,
    nodes: [{ nodeId: x, label: 'x', range, visible: range, hidden: { start: n, end: n } }],
    visibleIndices: Array.from({ length: n }, (_, i) => i),
    hiddenIndices: [],
    weightBlocks: [{ key: 'xx', rows: range, cols: range, shape: [n, n], lateral: true }],
    biasBlocks: [{ nodeId: x, range }],
    parameterCount: (n * (n - 1)) / 2 + n,
    connectionCount: (n * (n - 1)) / 2,
  };
}

/** Largest rise of the trace from one frame to the next (≤ 0 when it never increases). */
export const largestRise = (frames: TrajectoryFrame[]): number => Math.max(...frames.slice(1).map((f, k) => f.trace - frames[k].trace));

/** Largest fall of the trace from one frame to the next (≤ 0 when it never decreases). */
export const largestFall = (frames: TrajectoryFrame[]): number => Math.max(...frames.slice(1).map((f, k) => frames[k].trace - f.trace));

/** Time average of each unit's value over frames 1… (the start left out). */
export function timeAverage(frames: TrajectoryFrame[]): number[] {
  const n = frames[0].values.length;
  const sums = new Array<number>(n).fill(0);
  for (const f of frames.slice(1)) f.values.forEach((v, i) => (sums[i] += v));
  return sums.map((s) => s / (frames.length - 1));
}

/** Mean and standard error over independent runs' averages (one row per run). */
export function acrossRuns(rows: number[][]): { mean: number[]; standardError: number[] } {
  const r = rows.length;
  const n = rows[0].length;
  const mean = Array.from({ length: n }, (_, i) => rows.reduce((a, row) => a + row[i], 0) / r);
  const standardError = mean.map((m, i) => Math.sqrt(rows.reduce((a, row) => a + (row[i] - m) ** 2, 0) / (r - 1) / r));
  return { mean, standardError };
}
