import { meanFieldBoundAsync } from './bound/meanField';
import { mixtureBoundAsync } from './bound/mixture';
import type { BeliefEvidence } from './evidence';
import type { BeliefNetworkBatch } from './network';

/**
 * Proposal means are kept in [ε, 1 − ε]: a fitted mean that rounds to 0 or 1 in float32 would give q(h) = 0 where
 * P(h | V) > 0 and bias the estimate; any q with full support keeps E[w] = P(V), and ε moves the ELBO by O(ε).
 */
export const PROPOSAL_FLOOR = 1e-6;

/** Which variational posterior proposes the hidden (and unknown visible) states. */
export type ImportanceProposalKind = 'meanfield' | 'mixture';

/** Settings of the fit behind the proposal. */
export interface ProposalFit {
  kind: ImportanceProposalKind;
  /** Mixture components M (mixture only). */
  components: number;
  tolerance?: number;
  maxSweeps?: number;
  /** Seed of the mixture's random starting means. */
  seed: number;
}

/** q(h) = Σ_m a_m Π_i µ_mi^{h_i} (1 − µ_mi)^{1 − h_i} over the unobserved units, for K networks × P patterns. */
export interface ImportanceProposal {
  /** M (1 for mean field). */
  components: number;
  /** µ_mi in [ε, 1 − ε], [K, P, M, N] (observed units hold their values; they are never sampled). */
  means: Float32Array;
  /** a_m, [K, P, M] (all 1 for mean field). */
  mixing: Float64Array;
  /** The variational lower bound the proposal came with (SJJ eq. 4, or Bishop et al. eqs. 10–13), [K, P]. */
  bounds: Float64Array;
  /** 'meanfield' or 'mixture:M', for the provenance. */
  label: string;
}

/**
 * Fits the SJJ mean-field bound (Saul, Jaakkola & Jordan 1996) or the mixture bound (Bishop et al. 1998) and returns it as a
 * proposal; `between` is called after every sweep of the fit (a throw from it stops the fit).
 */
export async function fitProposal(batch: BeliefNetworkBatch, evidence: BeliefEvidence, fit: ProposalFit, free: number[], between: () => void | Promise<void>): Promise<ImportanceProposal> {
  const n = batch.unitCount;
  const settings = { ...(fit.tolerance !== undefined ? { tolerance: fit.tolerance } : {}), ...(fit.maxSweeps !== undefined ? { maxSweeps: fit.maxSweeps } : {}) };
  const clip = (means: Float32Array): Float32Array => {
    const out = Float32Array.from(means);
    for (let row = 0; row < out.length / n; row++) {
      for (const i of free) out[row * n + i] = Math.min(1 - PROPOSAL_FLOOR, Math.max(PROPOSAL_FLOOR, out[row * n + i]));
    }
    return out;
  };
  if (fit.kind === 'meanfield') {
    const result = await meanFieldBoundAsync(batch, evidence, settings, between);
    return { components: 1, means: clip(result.means), mixing: new Float64Array(result.bound.length).fill(1), bounds: result.bound, label: 'meanfield' };
  }
  const result = await mixtureBoundAsync(batch, evidence, { ...settings, components: fit.components, seed: fit.seed }, between);
  return { components: fit.components, means: clip(result.means), mixing: result.weights, bounds: result.bound, label: `mixture:${fit.components}` };
}
