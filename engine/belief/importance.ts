import { LOW_EFFECTIVE_SHARE, describeProvenance, type EstimateProgress, type EstimateProvenance, type EstimateWarning, type LikelihoodSummary } from '../likelihood/estimate';
import { atMostEvery } from '../likelihood/progress';
import { sidesInterval } from '../likelihood/weights';
import { createRandom } from '../random/seeded';
import { checkEvidence, evidenceStates, type BeliefEvidence } from './evidence';
import { toBatch } from './exact';
import { fitProposal, type ImportanceProposalKind } from './importanceProposal';
import { accumulate, chunkLogWeights, createAccumulator, finishAccumulator, importanceTensors } from './importanceWeights';
import type { BeliefNetwork, BeliefNetworkBatch } from './network';

/** Settings of importance sampling of ln P(V) with a variational proposal. */
export interface ImportanceArgs {
  /** S, samples h_s ~ q per pattern (and network). Default 1000. */
  samples?: number;
  /** q(h): 'meanfield' (Saul, Jaakkola & Jordan 1996) or 'mixture' of mean-field components (Bishop et al. 1998). Default 'meanfield'. */
  proposal?: ImportanceProposalKind;
  /** Components M of a mixture proposal (1 is allowed with either proposal). Default 2. */
  components?: number;
  /** Convergence tolerance of the bound's means (default that of meanFieldBound or mixtureBound). */
  tolerance?: number;
  /** Most sweeps of the bound's coordinate ascent (default that of meanFieldBound or mixtureBound). */
  maxSweeps?: number;
  /** Seed of the samples and of the mixture's random starts. Default 0. */
  seed?: number;
  /** Awaited after each group's bound is fitted and after every chunk of samples with (samples drawn, samples in all); throw to stop. */
  progress?: EstimateProgress;
  /** A label forked from the seed's stream, so calls on different batches of one dataset draw independent samples. Default none. */
  stream?: string;
  /** Also return every ln w_s, [K, P, S] float32 (diagnostics and tests; K·P·S values). Default false. */
  keepLogWeights?: boolean;
}

/** Defaults of beliefImportanceSampling. */
export const IMPORTANCE_DEFAULTS = { samples: 1000, proposal: 'meanfield' as ImportanceProposalKind, components: 2, seed: 0 };

/** Most samples per pattern. */
export const MAX_IMPORTANCE_SAMPLES = 100_000_000;

/** Most entries of one chunk's [K, Pc, Sc, N] state tensor. */
const CHUNK_ENTRIES = 1 << 22;

/** Most multiply-adds of one chunk (≈ 0.1 s on wasm), so progress comes several times a second. */
const CHUNK_WORK = 1 << 24;

/**
 * Most entries K·Pg·M·N of one group of patterns whose proposal is fitted at once: the bound's coordinate ascent has no
 * progress hook, so large data are fitted (and sampled) group by group with progress awaited in between.
 */
const FIT_GROUP_ENTRIES = 1 << 16;

/** Fewer samples per chunk than this only when one pattern's samples would not fit. */
const MIN_CHUNK_SAMPLES = 64;

/** ln P̂(V) per network and pattern, with its error bar, effective samples and the variational bound it improves on. */
export interface ImportanceResult {
  networkCount: number;
  patternCount: number;
  /** S. */
  samples: number;
  /** ln P̂(V) = ln (1/S) Σ_s P(V, h_s)/q(h_s), h_s ~ q; E[ln P̂] ≤ ln P(V) (Jensen), [K, P]. */
  values: Float64Array;
  /** Delta-method standard error sd(w) / (√S mean(w)), [K, P]. */
  standardErrors: Float64Array;
  /** (Σ w)² / Σ w², between 1 and S, [K, P]. */
  effectiveSamples: Float64Array;
  /** The proposal's variational lower bound (SJJ eq. 4 or Bishop et al. eqs. 10–13), [K, P]. */
  bounds: Float64Array;
  /** (1/S) Σ_s ln w_s, an estimate of E_q[ln P(V, h) − ln q(h)] (the ELBO of q, between the bound and E[ln P̂]), [K, P]. */
  meanLogWeights: Float64Array;
  /** P(S_i = 1 | V) by self-normalised importance sampling Σ_s w_s h_si / Σ_s w_s, [K, P, N]; observed units hold their values. */
  marginals: Float64Array;
  /** With keepLogWeights: ln w_s, [K, P, S]. */
  logWeights?: Float32Array;
  /** Means over networks and patterns: the estimate beside the bound, provenance 'importance', warnings. */
  summary: LikelihoodSummary;
}

function checkArgs(args: ImportanceArgs): Required<Pick<ImportanceArgs, 'samples' | 'proposal' | 'components' | 'seed'>> {
  const samples = args.samples ?? IMPORTANCE_DEFAULTS.samples;
  const proposal = args.proposal ?? IMPORTANCE_DEFAULTS.proposal;
  const components = args.components ?? (proposal === 'meanfield' ? 1 : IMPORTANCE_DEFAULTS.components);
  const seed = args.seed ?? IMPORTANCE_DEFAULTS.seed;
  if (!Number.isInteger(samples) || samples < 2 || samples > MAX_IMPORTANCE_SAMPLES) {
    throw new RangeError(`Importance sampling needs a whole number of samples per pattern in 2…${MAX_IMPORTANCE_SAMPLES} (two at least for a standard error), got ${samples}`);
  }
  if (proposal !== 'meanfield' && proposal !== 'mixture') {
    throw new Error(`Proposal '${String(proposal)}' is not known; use 'meanfield' (Saul, Jaakkola & Jordan) or 'mixture' (Bishop et al.)`);
  }
  if (!Number.isInteger(components) || components < 1) throw new RangeError(`A mixture proposal needs a whole number of components ≥ 1, got ${components}`);
  if (proposal === 'meanfield' && components !== 1) {
    throw new Error(`The mean-field proposal has one component, not ${components}; pass proposal: 'mixture' for a mixture of ${components}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`The seed must be a whole number, got ${seed}`);
  if (args.tolerance !== undefined && !(args.tolerance > 0)) throw new RangeError(`The bound's tolerance must be positive, got ${args.tolerance}`);
  if (args.maxSweeps !== undefined && !(Number.isInteger(args.maxSweeps) && args.maxSweeps >= 1)) {
    throw new RangeError(`The bound's sweeps at most must be a whole number ≥ 1, got ${args.maxSweeps}`);
  }
  return { samples, proposal, components, seed };
}

/** Samples and patterns per chunk: all patterns at once when they fit, at most CHUNK_ENTRIES states and CHUNK_WORK multiply-adds. */
function chunkSizes(networks: number, patterns: number, units: number, components: number, samples: number): { samples: number; patterns: number } {
  const perSample = networks * units;
  const entries = Math.max(1, Math.min(CHUNK_ENTRIES, Math.floor(CHUNK_WORK / (units + 2 * components))));
  let sc = Math.min(samples, Math.max(1, Math.floor(entries / (patterns * perSample))));
  if (sc < MIN_CHUNK_SAMPLES) sc = Math.min(samples, Math.max(1, Math.min(MIN_CHUNK_SAMPLES, Math.floor(entries / perSample))));
  return { samples: sc, patterns: Math.min(patterns, Math.max(1, Math.floor(entries / (sc * perSample)))) };
}

/**
 * Importance sampling of ln P(V) for sigmoid belief networks with a variational posterior as proposal: the SJJ mean-field
 * Q (Saul, Jaakkola & Jordan 1996; Bishop et al. eq. 3) or a mixture of them (Bishop et al. eq. 5). Unobserved visible
 * units are sampled by q with the hidden ones. E[ln P̂] ≤ ln P(V), tightening as S grows, and ≥ the bound in expectation.
 */
export async function beliefImportanceSampling(networks: BeliefNetwork | BeliefNetworkBatch, evidence: BeliefEvidence, args: ImportanceArgs = {}): Promise<ImportanceResult> {
  const { samples, proposal: kind, components, seed } = checkArgs(args);
  const batch = toBatch(networks);
  const free = checkEvidence(batch, evidence);
  const { networkCount: k, unitCount: n } = batch;
  const p = evidence.count;
  const width = evidence.units.length;
  const total = samples * p;
  const acc = createAccumulator(k * p, n);
  const bounds = new Float64Array(k * p);
  const logWeights = args.keepLogWeights ? new Float32Array(k * p * samples) : undefined;
  const root = createRandom(seed).fork(args.stream === undefined ? 'importance' : `importance:${args.stream}`);
  const fit = { kind, components, tolerance: args.tolerance, maxSweeps: args.maxSweeps, seed };
  const groupSize = Math.max(1, Math.floor(FIT_GROUP_ENTRIES / (k * n * components)));
  let label = '';
  let drawn = 0;
  for (let start = 0; start < p; start += groupSize) {
    const count = Math.min(groupSize, p - start);
    const part: BeliefEvidence = { units: evidence.units, values: evidence.values.subarray(start * width, (start + count) * width), count };
    const proposal = await fitProposal(batch, part, fit, free, atMostEvery(args.progress && (() => args.progress!(drawn, total))));
    label = proposal.label;
    for (let q = 0; q < k * count; q++) bounds[Math.floor(q / count) * p + start + (q % count)] = proposal.bounds[q];
    await args.progress?.(drawn, total);
    const sizes = chunkSizes(k, count, n, proposal.components, samples);
    const t = importanceTensors(batch, evidenceStates(batch, part), free, proposal);
    try {
      for (let done = 0; done < samples; done += sizes.samples) {
        const sc = Math.min(sizes.samples, samples - done);
        for (let first = 0; first < count; first += sizes.patterns) {
          const pc = Math.min(sizes.patterns, count - first);
          const random = root.fork(`${done}:${start + first}`);
          const chunk = chunkLogWeights(t, first, pc, sc, [random.fork('component').tfSeed(), random.fork('units').tfSeed()]);
          const offsets = Int32Array.from({ length: k * pc }, (_, r) => Math.floor(r / pc) * p + start + first + (r % pc));
          accumulate(acc, chunk, offsets, sc, done);
          if (logWeights) offsets.forEach((q, r) => logWeights.set(chunk.logWeights.subarray(r * sc, (r + 1) * sc), q * samples + done));
          drawn += sc * pc;
          await args.progress?.(drawn, total);
        }
      }
    } finally {
      t.dispose();
    }
  }
  const finished = finishAccumulator(acc, samples);
  for (let q = 0; q < k * p; q++) {
    const pattern = q % p;
    evidence.units.forEach((u, j) => (finished.marginals[q * n + u] = evidence.values[pattern * evidence.units.length + j]));
  }
  const provenance: EstimateProvenance = { method: 'importance', runs: samples, seed, proposal: label };
  return {
    networkCount: k,
    patternCount: p,
    samples,
    ...finished,
    bounds,
    ...(logWeights ? { logWeights } : {}),
    summary: importanceSummary(finished.values, finished.standardErrors, finished.effectiveSamples, bounds, samples, p, provenance),
  };
}

const mean = (x: Float64Array): number => x.reduce((s, v) => s + v, 0) / x.length;

/** The plain-JSON summary: mean ln P̂ over networks and patterns with the standard error of that mean, beside the mean bound. */
export function importanceSummary(
  values: Float64Array,
  standardErrors: Float64Array,
  effectiveSamples: Float64Array,
  bounds: Float64Array,
  samples: number,
  rows: number,
  provenance: EstimateProvenance,
): LikelihoodSummary {
  const count = values.length;
  const forward = { value: mean(values), standardError: Math.sqrt(standardErrors.reduce((s, e) => s + e * e, 0)) / count, effective: mean(effectiveSamples) };
  return {
    quantity: 'meanLogLikelihood',
    forward,
    interval: sidesInterval([forward]),
    bound: mean(bounds),
    rows,
    runs: samples,
    provenance,
    provenanceText: describeProvenance(provenance),
    warnings: importanceWarnings(values, standardErrors, effectiveSamples, bounds, samples, provenance.proposal ?? 'meanfield'),
  };
}

/**
 * 'fewEffectiveSamples' when the mean effective samples fall under LOW_EFFECTIVE_SHARE of S, or when some estimate lies more
 * than 3 SE below its bound (impossible in expectation, so its error bar understates a heavy-tailed weight distribution).
 */
export function importanceWarnings(
  values: Float64Array,
  standardErrors: Float64Array,
  effectiveSamples: Float64Array,
  bounds: Float64Array,
  samples: number,
  proposal: string,
): EstimateWarning[] {
  const effective = mean(effectiveSamples);
  const below = values.filter((v, q) => v < bounds[q] - 3 * standardErrors[q] - 1e-6).length;
  if (effective >= LOW_EFFECTIVE_SHARE * samples && below === 0) return [];
  const better = proposal === 'meanfield' ? 'a mixture proposal (mixture of 2–4 components)' : 'more mixture components';
  const share = `only ${effective.toFixed(1)} of ${samples} samples per pattern carry the estimate on average`;
  const tail = below > 0 ? `${below} of ${values.length} estimates lie more than 3 standard errors below their variational bound` : '';
  return [
    {
      code: 'fewEffectiveSamples',
      message: `Importance sampling is unreliable here: ${[effective < LOW_EFFECTIVE_SHARE * samples ? share : '', tail].filter(Boolean).join('; ')}, so the error bars are not to be trusted; use more samples (e.g. ${samples * 10}) or ${better}.`,
    },
  ];
}
