import type { EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { meanFieldFixedPoint, type MeanFieldArgs } from '../energy/meanfield/fixedPoint';
import { geometricTemperatures } from '../energy/meanfield/schedule';
import type { ModelParameters } from '../model/parameters';
import type { EnumeratedInference } from './energyEnumerated';
import type { RowProgress } from './result';

/** Settings of mean-field inference on an energy model (InferArgs options, defaults in ENERGY_METHODS). */
export interface EnergyMeanFieldArgs {
  tolerance: number;
  maxIterations: number;
  /** Random starts of the free phase; the lowest F_MF is kept (F_MF ≥ −ln Z, so lower is closer). */
  restarts: number;
  /** Deterministic annealing from this temperature down to T = 1 (1: none). */
  annealFrom: number;
  annealSteps: number;
  seed: number;
}

/** Rows per mean-field batch. */
const ROWS_PER_BATCH = 1024;

/** Spread of the free phase's random starts around the unbiased state, so that restarts can reach different fixed points. */
const RESTART_SPREAD = 0.5;

/**
 * Mean-field inference (Mehlig §3.3; Peterson & Anderson 1987): the known units clamped, the others at the fixed point
 * m_i = tanh(Σ_j w_ij m_j + b_i) (σ for 0/1 units), and ln P(v) ≈ F_MF(free) − F_MF(v clamped), the Gibbs–Bogoliubov
 * free energies of the two phases standing in for −ln Z and −ln Σ_h e^{−H(v,h)} (an estimate, not a bound).
 */
export async function meanFieldEnergyInference(
  model: EnergyModelSpec,
  params: ModelParameters,
  data: BinaryDataset,
  mask: Uint8Array,
  args: EnergyMeanFieldArgs,
  progress?: RowProgress,
): Promise<EnumeratedInference> {
  const n = model.unitCount;
  const width = data.width;
  const rows = data.rowCount;
  const common: MeanFieldArgs = {
    tolerance: args.tolerance,
    maxIterations: args.maxIterations,
    annealing: args.annealFrom > 1 ? { temperatures: geometricTemperatures(args.annealFrom, 1, args.annealSteps) } : undefined,
  };
  const free = meanFieldFixedPoint(model, params, { ...common, batch: args.restarts, initialSpread: RESTART_SPREAD, seed: args.seed });
  const freeEnergy = free.freeEnergies.reduce((a, f) => Math.min(a, f), Infinity);
  const low = model.encoding === 'pm1' ? -1 : 0;
  const values = new Float64Array(rows);
  const hiddenMeans = new Float32Array(rows * model.hiddenIndices.length);
  const visibleMeans = new Float32Array(rows * width);
  let converged = free.converged;
  let iterations = free.iterations;
  let residual = free.residual;
  for (let first = 0; first < rows; first += ROWS_PER_BATCH) {
    const count = Math.min(ROWS_PER_BATCH, rows - first);
    const bits = data.bits.subarray(first * width, (first + count) * width);
    const clamped = meanFieldFixedPoint(model, params, {
      ...common,
      seed: args.seed + 1 + first,
      clamp: { units: model.visibleIndices, values: Float32Array.from(bits, (b) => (b ? 1 : low)), present: mask.subarray(first * width, (first + count) * width) },
    });
    converged &&= clamped.converged;
    iterations = Math.max(iterations, clamped.iterations);
    residual = Math.max(residual, clamped.residual);
    for (let r = 0; r < count; r++) {
      const row = first + r;
      values[row] = freeEnergy - clamped.freeEnergies[r];
      model.hiddenIndices.forEach((u, k) => (hiddenMeans[row * model.hiddenIndices.length + k] = clamped.means[r * n + u]));
      model.visibleIndices.forEach((u, k) => (visibleMeans[row * width + k] = clamped.means[r * n + u]));
    }
    await progress?.(first + count, rows);
  }
  return { values, hiddenMeans, visibleMeans, summary: { logZEstimate: -freeEnergy, converged, iterations, residual } };
}
