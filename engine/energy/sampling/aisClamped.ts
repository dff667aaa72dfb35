import type { EnergyModelSpec } from '../../compiler/types';
import type { ReverseStart } from '../../likelihood/estimate';
import { summariseLogWeights } from '../../likelihood/weights';
import type { ModelParameters } from '../../model/parameters';
import { createRandom, type SeededRandom } from '../../random/seeded';
import { createUniformNoise } from '../rbm/noise';
import { annealChains, disposeTarget, gibbsSweeps, sampleBase } from './aisAnneal';
import { clampedBaseLogPartitions, clampedTarget, coupledWithin, internalColumns, restrictLayout, type SubLayout } from './aisTargets';
import type { ResolvedAis } from './aisGeneral';
import { couplingMatrix, unitLayout, type CouplingMatrix } from './couplings';
import { enumerateStates, MAX_EXACT_SAMPLE_UNITS, type VisiblePatterns } from './exactSample';
import { type WorkClock } from '../../likelihood/progress';

/** Most hidden-unit entries (units × chains) annealed at once; patterns beyond it go in further batches. */
export const CLAMPED_BATCH_ENTRIES = 1 << 20;

/** log Z(v) of one direction per pattern, with its delta-method standard error and effective runs. */
export interface ClampedSide {
  logZ: Float64Array;
  standardError: Float64Array;
  effectiveRuns: Float64Array;
}

/** log Z(v) = log Σ_h e^{−H(v,h)} per visible pattern: exact, or by clamped AIS over the hidden units. */
export interface ClampedPartitions {
  /** 'exact': no hidden units, or none coupled to another (hidden units independent given v); 'ais' otherwise. */
  method: 'exact' | 'ais';
  /** Forward AIS (E[log Ẑ(v)] ≤ log Z(v)), or the exact values (zero errors). */
  forward: ClampedSide;
  /** Reverse AIS (E[log Ẑ(v)] ≥ log Z(v) from exact samples of P(h|v)). */
  reverse?: ClampedSide;
  /** How reverse clamped AIS started: exact samples of P(h|v) (H ≤ 20) or Gibbs chains from the forward's last states. */
  reverseStart?: ReverseStart;
  /** Runs per pattern (AIS only). */
  runs?: number;
}

/** Whether the clamped log Z(v) needs AIS (two hidden units coupled), and the work it takes per pattern batch. */
export function clampedPlan(model: EnergyModelSpec, params: ModelParameters, count: number, resolved: ResolvedAis): { needsAis: boolean; batches: number; work: number } {
  const matrix = couplingMatrix(model, params);
  const needsAis = coupledWithin(matrix, model.hiddenIndices);
  if (!needsAis) return { needsAis, batches: 0, work: 0 };
  const perBatch = Math.max(1, Math.floor(CLAMPED_BATCH_ENTRIES / (resolved.runs * model.hiddenIndices.length)));
  const batches = Math.ceil(count / perBatch);
  const reverseWork = resolved.reverse ? resolved.betas.length + (model.hiddenIndices.length > MAX_EXACT_SAMPLE_UNITS ? resolved.reverseBurnIn : 0) : 0;
  return { needsAis, batches, work: batches * (resolved.betas.length + reverseWork) };
}

/** Per-pattern log-mean-exp of pattern-major run weights, turned into log Z(v) by `sign` and the base's log Z_A(v). */
function summarise(logWeights: Float64Array, runs: number, baseLogZ: Float64Array, sign: 1 | -1, into: ClampedSide, first: number): void {
  for (let p = 0; p < baseLogZ.length; p++) {
    const s = summariseLogWeights(logWeights.subarray(p * runs, (p + 1) * runs));
    into.logZ[first + p] = baseLogZ[p] + sign * s.logMean;
    into.standardError[first + p] = s.standardError;
    into.effectiveRuns[first + p] = s.effective;
  }
}

const emptySide = (count: number): ClampedSide => ({ logZ: new Float64Array(count), standardError: new Float64Array(count), effectiveRuns: new Float64Array(count) });

/** One batch of patterns: forward clamped AIS from p_A(h|v), then reverse from exact samples of P(h|v) (H ≤ 20) or from the forward's last states after a burn-in. */
async function clampedBatch(
  model: EnergyModelSpec,
  params: ModelParameters,
  matrix: CouplingMatrix,
  layout: SubLayout,
  batch: VisiblePatterns,
  resolved: ResolvedAis,
  random: SeededRandom,
  clock: WorkClock,
) {
  const { runs, betas } = resolved;
  const baseLogZ = clampedBaseLogPartitions(model, matrix, layout.order, batch.patterns, batch.count);
  const target = clampedTarget(model, matrix, layout, batch.patterns, batch.count, runs);
  try {
    const forwardNoise = createUniformNoise(random.fork('forward'));
    const exactStart = layout.order.length <= MAX_EXACT_SAMPLE_UNITS;
    const forward = await annealChains(target, betas, 'forward', sampleBase(target, forwardNoise), forwardNoise, clock, resolved.reverse && !exactStart);
    if (!resolved.reverse) return { baseLogZ, forward };
    let start = forward.final;
    if (exactStart) {
      const { states } = await enumerateStates(model, params, { clamp: batch, samplesPerGroup: runs, random: random.fork('exact-samples'), tick: () => clock.tick(0) });
      start = internalColumns(states, model.unitCount, layout, target.chains);
    } else {
      start = await gibbsSweeps(target, start!, 1, resolved.reverseBurnIn, createUniformNoise(random.fork('burn-in')), clock);
    }
    const reverse = await annealChains(target, betas, 'reverse', start, createUniformNoise(random.fork('reverse')), clock);
    return { baseLogZ, forward, reverse, reverseStart: (exactStart ? 'exact' : 'gibbs') as ReverseStart };
  } finally {
    disposeTarget(target);
  }
}

/**
 * log Z(v) per pattern (bits in visibleIndices order). Exact when no two hidden units are coupled: e^{−H_v(v)} Π_j Σ_{h_j}
 * e^{h_j φ_j(v)}. Otherwise clamped AIS over the hidden units (visible units held at v), patterns × runs as one batch of
 * chains, from the base p_A(h|v) ∝ e^{φ(v)ᵀh} (the conditional without W_hh) to e^{φᵀh + ½hᵀW_hh h}; reverse AIS beside it.
 */
export async function clampedLogPartitions(
  model: EnergyModelSpec,
  params: ModelParameters,
  patterns: VisiblePatterns,
  resolved: ResolvedAis,
  clock: WorkClock,
  batchEntries = CLAMPED_BATCH_ENTRIES,
): Promise<ClampedPartitions> {
  const matrix = couplingMatrix(model, params);
  const layout = restrictLayout(unitLayout(model), model.hiddenIndices);
  const { count } = patterns;
  if (!coupledWithin(matrix, model.hiddenIndices)) {
    const logZ = clampedBaseLogPartitions(model, matrix, layout.order, patterns.patterns, count);
    return { method: 'exact', forward: { logZ, standardError: new Float64Array(count), effectiveRuns: new Float64Array(count) } };
  }
  const { runs } = resolved;
  const width = model.visibleIndices.length;
  const perBatch = Math.max(1, Math.floor(batchEntries / (runs * layout.order.length)));
  const random = createRandom(resolved.seed).fork('clamped-ais');
  const forward = emptySide(count);
  const reverse = resolved.reverse ? emptySide(count) : undefined;
  let reverseStart: ReverseStart | undefined;
  for (let first = 0; first < count; first += perBatch) {
    const size = Math.min(perBatch, count - first);
    const batch = { patterns: patterns.patterns.subarray(first * width, (first + size) * width), count: size };
    const part = await clampedBatch(model, params, matrix, layout, batch, resolved, random.fork(`batch-${first}`), clock);
    summarise(part.forward.logWeights, runs, part.baseLogZ, 1, forward, first);
    if (reverse && part.reverse) summarise(part.reverse.logWeights, runs, part.baseLogZ, -1, reverse, first);
    reverseStart = part.reverseStart;
  }
  return { method: 'ais', forward, ...(reverse ? { reverse, reverseStart } : {}), runs };
}
