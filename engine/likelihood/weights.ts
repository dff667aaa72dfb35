import { LOW_EFFECTIVE_SHARE, MAX_TRACE_POINTS, type AisSide, type EstimateWarning, type LikelihoodEstimate, type LogPartitionEstimate } from './estimate';

/** log-mean-exp, the delta-method standard error of it, and the effective sample size (Σw)²/Σw² of importance weights. */
export function summariseLogWeights(logWeights: ArrayLike<number>): { logMean: number; standardError: number; effective: number } {
  const n = logWeights.length;
  let top = -Infinity;
  for (let r = 0; r < n; r++) top = Math.max(top, logWeights[r]);
  if (!Number.isFinite(top)) return { logMean: top, standardError: Infinity, effective: 0 };
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < n; r++) {
    const w = Math.exp(logWeights[r] - top);
    sum += w;
    squares += w * w;
  }
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (squares - n * mean * mean) / (n - 1)) : 0;
  return { logMean: top + Math.log(mean), standardError: Math.sqrt(variance / n) / mean, effective: (sum * sum) / squares };
}

/** Indices k (0-based, ascending, always including the last) at which a trace of K temperatures is sampled. */
export function tracePoints(count: number, most = MAX_TRACE_POINTS): Int32Array {
  const n = Math.min(count, most);
  return Int32Array.from({ length: n }, (_, j) => Math.round(((j + 1) * count) / n) - 1);
}

/** Effective share (Σw)²/(R Σw²) of partial log weights [points × R] (row-major), one value per row. */
export function effectiveShares(partialLogWeights: Float64Array | Float32Array, runs: number): Float64Array {
  const points = partialLogWeights.length / runs;
  return Float64Array.from({ length: points }, (_, p) => summariseLogWeights(partialLogWeights.subarray(p * runs, (p + 1) * runs)).effective / runs);
}

/**
 * One side of AIS from its final log weights. Forward: log Ẑ = log Z_A + log mean w (E[w] = Z/Z_A).
 * Reverse: log Ẑ = log Z_A − log mean w (E[w] = Z_A/Z, so E[log Ẑ] ≥ log Z by Jensen when started from exact samples).
 */
export function aisSide(direction: 'forward' | 'reverse', logZBase: number, logWeights: Float64Array, effectiveShare: AisSide['effectiveShare']): AisSide {
  const s = summariseLogWeights(logWeights);
  return { logZ: direction === 'forward' ? logZBase + s.logMean : logZBase - s.logMean, standardError: s.standardError, effectiveRuns: s.effective, logWeights, effectiveShare };
}

/** [lower, upper] covering every side's ±2 SE band. */
export function sidesInterval(sides: { value: number; standardError: number }[]): [number, number] {
  const finite = (x: number) => (Number.isFinite(x) ? x : 0);
  return [Math.min(...sides.map((s) => s.value - 2 * finite(s.standardError))), Math.max(...sides.map((s) => s.value + 2 * finite(s.standardError)))];
}

/** Whether two estimates disagree beyond their combined error bars (3 combined SE). */
export const disagree = (a: { value: number; standardError: number }, b: { value: number; standardError: number }): boolean =>
  Math.abs(a.value - b.value) > 3 * Math.hypot(Number.isFinite(a.standardError) ? a.standardError : 0, Number.isFinite(b.standardError) ? b.standardError : 0) + 1e-9;

/** The warnings an AIS estimate of log Z deserves; each names what to do. */
export function partitionWarnings(estimate: Omit<LogPartitionEstimate, 'warnings' | 'interval'>): EstimateWarning[] {
  const warnings: EstimateWarning[] = [];
  const runs = estimate.forward.logWeights.length;
  const low = [estimate.forward, estimate.reverse].filter((s): s is AisSide => s !== undefined && s.effectiveRuns < LOW_EFFECTIVE_SHARE * s.logWeights.length);
  if (low.length > 0) {
    const which = low.map((s) => (s === estimate.forward ? 'forward' : 'reverse')).join(' and ');
    const worst = Math.min(...low.map((s) => s.effectiveRuns));
    warnings.push({
      code: 'fewEffectiveRuns',
      message: `Only ${worst.toFixed(1)} of ${runs} ${which} AIS runs carry the estimate (under ${LOW_EFFECTIVE_SHARE * 100} %): its error bar is not to be trusted; use more temperatures (e.g. ${estimate.betas.length * 10}) or more runs.`,
    });
  }
  if (estimate.reverse !== undefined && disagree({ value: estimate.forward.logZ, standardError: estimate.forward.standardError }, { value: estimate.reverse.logZ, standardError: estimate.reverse.standardError })) {
    const gap = estimate.reverse.logZ - estimate.forward.logZ;
    warnings.push({
      code: 'forwardReverseGap',
      message: `Forward and reverse AIS disagree: log Z ${estimate.forward.logZ.toFixed(2)} vs ${estimate.reverse.logZ.toFixed(2)} (gap ${gap.toFixed(2)} nats, beyond their error bars); the truth lies between them at best — use more temperatures until the gap closes.`,
    });
  }
  if (estimate.otherBase !== undefined && disagree({ value: estimate.forward.logZ, standardError: estimate.forward.standardError }, { value: estimate.otherBase.logZ, standardError: estimate.otherBase.standardError })) {
    warnings.push({
      code: 'basesDisagree',
      message: `Forward AIS from the ${estimate.provenance.base === 'uniform' ? 'data base rates' : 'uniform base'} gives log Z ${estimate.otherBase.logZ.toFixed(2)}, not ${estimate.forward.logZ.toFixed(2)}: at least one base misses modes of the model — the larger log Z is nearer the truth; use more temperatures or a base closer to the model.`,
    });
  }
  if (estimate.reverse !== undefined && estimate.provenance.reverseStart === 'gibbs') {
    warnings.push({
      code: 'approximateReverseStart',
      message: 'Reverse AIS started from Gibbs chains, not exact samples of the model, so it is not guaranteed conservative; treat the interval as indicative (a model whose smaller layer has at most 24 units is sampled exactly).',
    });
  }
  return warnings;
}

/** Completes an estimate of log Z with its interval and warnings. */
export function finishPartitionEstimate(estimate: Omit<LogPartitionEstimate, 'warnings' | 'interval'>): LogPartitionEstimate {
  // The other base belongs in the interval: forward AIS from either base is a stochastic lower bound on log Z, so when the
  // bases disagree the truth is at or above the larger of them, which forward and reverse from one base can both miss.
  const sides = [estimate.forward, estimate.reverse, estimate.otherBase].filter((s): s is AisSide => s !== undefined).map((s) => ({ value: s.logZ, standardError: s.standardError }));
  return { ...estimate, interval: sidesInterval(sides), warnings: partitionWarnings(estimate) };
}

/**
 * Mean log-likelihood (1/N) Σ_n log P̃(v_n) − log Z from exact unnormalised log-probabilities of the rows and an
 * estimate of log Z: forward AIS gives the optimistic side, reverse AIS the conservative side.
 */
export function likelihoodFromPartition(logUnnormalised: ArrayLike<number>, logZ: LogPartitionEstimate): LikelihoodEstimate {
  const n = logUnnormalised.length;
  let sum = 0;
  for (let r = 0; r < n; r++) sum += logUnnormalised[r];
  const mean = sum / n;
  let squares = 0;
  for (let r = 0; r < n; r++) squares += (logUnnormalised[r] - mean) ** 2;
  const rowStandardError = n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0;
  const forward = { mean: mean - logZ.forward.logZ, standardError: logZ.forward.standardError };
  const reverse = logZ.reverse ? { mean: mean - logZ.reverse.logZ, standardError: logZ.reverse.standardError } : undefined;
  return {
    forward,
    reverse,
    interval: [mean - logZ.interval[1], mean - logZ.interval[0]],
    exact: logZ.exact !== undefined ? mean - logZ.exact : undefined,
    rowStandardError,
    rows: n,
    logPartition: logZ,
    provenance: logZ.provenance,
    warnings: logZ.warnings,
  };
}
