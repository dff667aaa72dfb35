import * as tf from '@tensorflow/tfjs';

/**
 * A Hopfield network of N ±1 McCulloch–Pitts units (Mehlig ch. 2): local field b_i = Σ_j w_ij s_j − θ_i (eq. 2.4),
 * weights w_ij = couplingScale · couplings_ij. Hebb's rule keeps the integer pattern sums in `couplings` and 1/N in
 * `couplingScale`, so a local field that is exactly zero comes out exactly zero and sgn(0) = +1 (eq. 1.3) applies.
 */
export interface HopfieldNetwork {
  unitCount: number;
  /** N × N row-major; row i holds the weights into unit i (symmetric for Hebb's rule). */
  couplings: Float32Array;
  /** Factor applied to `couplings` (1/N for Hebb's rule, 1 for weights given directly). */
  couplingScale: number;
  /** θ_i, length N. */
  thresholds: Float32Array;
}

/** Settings of hebbNetwork. */
export interface HebbArgs {
  /** Zero the diagonal, w_ii = 0 (Mehlig eq. 2.26); false keeps w_ii = p/N (eq. 2.25). Default true. */
  zeroDiagonal?: boolean;
}

/** Checks that `patterns` holds `count` rows of ±1 values and returns the row width N. */
export function patternWidth(patterns: Float32Array, count: number, what = 'Patterns'): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${what}: the count must be a whole number ≥ 1; got ${count}`);
  if (patterns.length % count !== 0) throw new Error(`${what}: ${patterns.length} values do not split into ${count} equal rows`);
  const bad = patterns.findIndex((v) => v !== 1 && v !== -1);
  if (bad >= 0) throw new RangeError(`${what}: value ${patterns[bad]} at row ${Math.floor(bad / (patterns.length / count))} is not ±1; map 0/1 bits with x = 2b − 1`);
  return patterns.length / count;
}

/** Hebb's rule w_ij = N⁻¹ Σ_µ x_i^µ x_j^µ, θ_i = 0 (Mehlig eq. 2.25; eq. 2.26 with the diagonal zeroed), for p patterns x^µ ∈ {±1}^N. */
export function hebbNetwork(patterns: Float32Array, count: number, args: HebbArgs = {}): HopfieldNetwork {
  const n = patternWidth(patterns, count);
  const sums = tf.tidy(() => {
    const x = tf.tensor2d(patterns, [count, n]);
    const outer = tf.matMul(tf.transpose(x), x);
    return args.zeroDiagonal ?? true ? tf.mul(outer, tf.sub(1, tf.eye(n))) : outer;
  });
  const couplings = Float32Array.from(sums.dataSync());
  sums.dispose();
  return { unitCount: n, couplings, couplingScale: 1 / n, thresholds: new Float32Array(n) };
}

/** A network from weights given directly: w (N × N row-major, row i = weights into unit i) and θ (default 0). */
export function hopfieldFromWeights(weights: Float32Array, unitCount: number, thresholds?: Float32Array): HopfieldNetwork {
  if (weights.length !== unitCount * unitCount) throw new Error(`Weights hold ${weights.length} values; a ${unitCount}-unit network needs ${unitCount * unitCount}`);
  if (thresholds !== undefined && thresholds.length !== unitCount) throw new Error(`Thresholds hold ${thresholds.length} values; the network has ${unitCount} units`);
  return { unitCount, couplings: Float32Array.from(weights), couplingScale: 1, thresholds: Float32Array.from(thresholds ?? new Float32Array(unitCount)) };
}

/**
 * The network's tensors for one run: the unscaled couplings transposed ([N, N], so that coupling sums are S·Cᵀ), the
 * scale and θ [1, N]. The scale is applied after the product so integer coupling sums stay exact.
 */
export interface NetworkTensors {
  transposedCouplings: tf.Tensor2D;
  scale: number;
  thresholds: tf.Tensor2D;
  dispose(): void;
}

export function networkTensors(network: HopfieldNetwork): NetworkTensors {
  const n = network.unitCount;
  if (network.couplings.length !== n * n) throw new Error(`Couplings hold ${network.couplings.length} values; a ${n}-unit network needs ${n * n}`);
  if (!(Number.isFinite(network.couplingScale) && network.couplingScale > 0)) throw new RangeError(`couplingScale must be positive and finite; got ${network.couplingScale}`);
  if (network.thresholds.length !== n) throw new Error(`Thresholds hold ${network.thresholds.length} values; the network has ${n} units`);
  const transposedCouplings = tf.tidy(() => tf.transpose(tf.tensor2d(network.couplings, [n, n])) as tf.Tensor2D);
  const thresholds = tf.tensor2d(network.thresholds, [1, n]);
  return { transposedCouplings, scale: network.couplingScale, thresholds, dispose: () => tf.dispose([transposedCouplings, thresholds]) };
}

/** Coupling sums S Cᵀ for states S [B, N] (b = scale · sums − θ). */
export const couplingSums = (net: NetworkTensors, states: tf.Tensor2D): tf.Tensor2D => tf.matMul(states, net.transposedCouplings);

/** Local fields b = scale · sums − θ (Mehlig eq. 2.4). */
export const fieldsFromSums = (net: NetworkTensors, sums: tf.Tensor2D): tf.Tensor2D => tf.sub(tf.mul(sums, net.scale), net.thresholds) as tf.Tensor2D;

/** H(s) = −½ Σ_ij w_ij s_i s_j + Σ_i θ_i s_i per state (Mehlig eqs. 2.43, 2.50; the diagonal counts when kept). */
export const energyTensor = (net: NetworkTensors, states: tf.Tensor2D): tf.Tensor1D =>
  tf.tidy(() => {
    const pairs = tf.mul(tf.sum(tf.mul(states, couplingSums(net, states)), 1), -0.5 * net.scale);
    return tf.add(pairs, tf.sum(tf.mul(states, net.thresholds), 1)) as tf.Tensor1D;
  });

/** Overlaps m_µ = N⁻¹ Σ_i x_i^µ s_i of states [B, N] with patterns [p, N] → [B, p] (Mehlig eq. 3.9 at one time step). */
export const overlapTensor = (states: tf.Tensor2D, patterns: tf.Tensor2D): tf.Tensor2D =>
  tf.tidy(() => tf.div(tf.matMul(states, tf.transpose(patterns)), states.shape[1]) as tf.Tensor2D);

/** H(s) for `count` states (±1, count × N). */
export function hopfieldEnergy(network: HopfieldNetwork, states: Float32Array, count: number): Float32Array {
  const n = patternWidth(states, count, 'States');
  if (n !== network.unitCount) throw new Error(`States have ${n} units; the network has ${network.unitCount}`);
  const net = networkTensors(network);
  try {
    const e = tf.tidy(() => energyTensor(net, tf.tensor2d(states, [count, n])));
    const values = Float32Array.from(e.dataSync());
    e.dispose();
    return values;
  } finally {
    net.dispose();
  }
}

/** m_µ for `count` states against `patternCount` stored patterns, count × patternCount row-major. */
export function patternOverlaps(states: Float32Array, count: number, patterns: Float32Array, patternCount: number): Float32Array {
  const n = patternWidth(states, count, 'States');
  const width = patternWidth(patterns, patternCount);
  if (n !== width) throw new Error(`States have ${n} units but the patterns have ${width}`);
  const m = tf.tidy(() => overlapTensor(tf.tensor2d(states, [count, n]), tf.tensor2d(patterns, [patternCount, n])));
  const values = Float32Array.from(m.dataSync());
  m.dispose();
  return values;
}
