import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../../compiler/types';
import type { ModelParameters } from '../../model/parameters';
import { createRandom } from '../../random/seeded';
import { columnBatch, disposeRbmTensors, hiddenFields, sampleUnits, unitMeans, uploadRbm, visibleFields, type RbmTensors } from './layers';
import { createUniformNoise } from './noise';
import { rbmView } from './view';

/** Pattern completion (Mehlig §4.5, Fig. 4.4): clamp the known visible units, infer the others. */
export interface CompletionArgs {
  /** 'gibbs': clamped block Gibbs sampling, P(v_i = 1 | known) estimated by the mean of P(v_i = 1 | h) over sweeps and chains; 'meanfield': iterate the conditional means. Default 'gibbs'. */
  method?: 'gibbs' | 'meanfield';
  /** Gibbs sweeps (or mean-field iterations) after the burn-in. Default 200. */
  sweeps?: number;
  /** Gibbs sweeps discarded first (Mehlig Fig. 4.4: "after a short transient"). Default 20. */
  burnIn?: number;
  /** Independent Gibbs chains per pattern (their spread gives the standard errors). Default 16. */
  chains?: number;
  /** Seed of the Gibbs noise. Default 0. */
  seed?: number;
}

export const COMPLETION_DEFAULTS: Required<CompletionArgs> = { method: 'gibbs', sweeps: 200, burnIn: 20, chains: 16, seed: 0 };

/** Completed patterns and how well they match the originals on the unknown units. */
export interface CompletionResult {
  /** count × V bits: known units as given, unknown units 1 where their probability exceeds ½. */
  completed: Uint8Array;
  /** count × V estimates of P(v_i = 1 | known units); known units hold their given bit. */
  probabilities: Float64Array;
  /** count × V standard errors of `probabilities` from the spread between chains (0 for known units and for mean field). */
  standardErrors: Float64Array;
  /** Fraction of unknown units completed to the original bit. */
  unitAccuracy: number;
  /** Fraction of patterns whose unknown units are all completed to the original bits (patterns with no unknown units count as correct). */
  patternAccuracy: number;
}

/** Accumulated P(v = 1 | h) on the 0/1 scale over the kept sweeps, V × (count · chains), columns pattern-major. */
function gibbsSums(rbm: RbmTensors, start: tf.Tensor2D, known: tf.Tensor2D, clampedValues: tf.Tensor2D, config: Required<CompletionArgs>): tf.Tensor2D {
  const noise = createUniformNoise(createRandom(config.seed).fork('completion'));
  const free = tf.sub(1, known);
  let visible = start;
  let sums = tf.zerosLike(start) as tf.Tensor2D;
  for (let sweep = 0; sweep < config.burnIn + config.sweeps; sweep++) {
    const next = tf.tidy(() => {
      const hidden = sampleUnits(unitMeans(hiddenFields(rbm, visible), rbm.encoding), rbm.encoding, noise);
      const means = unitMeans(visibleFields(rbm, hidden), rbm.encoding);
      const sample = tf.add(clampedValues, tf.mul(free, sampleUnits(means, rbm.encoding, noise))) as tf.Tensor2D;
      const ones = rbm.encoding === 'pm1' ? tf.mul(tf.add(means, 1), 0.5) : means;
      return { sample, sums: sweep >= config.burnIn ? (tf.add(sums, ones) as tf.Tensor2D) : sums };
    });
    if (visible !== start) visible.dispose();
    if (next.sums !== sums) sums.dispose();
    visible = next.sample;
    sums = next.sums;
  }
  if (visible !== start) visible.dispose();
  free.dispose();
  const means = tf.mul(sums, 1 / config.sweeps) as tf.Tensor2D;
  sums.dispose();
  return means;
}

/** Mean-field completion: m_h = E[h | m_v], m_v = E[v | m_h] on the unknown units, iterated; P(v = 1) on the 0/1 scale. */
function meanFieldProbabilities(rbm: RbmTensors, start: tf.Tensor2D, known: tf.Tensor2D, clampedValues: tf.Tensor2D, iterations: number): tf.Tensor2D {
  let visible = start;
  for (let t = 0; t < iterations; t++) {
    const next = tf.tidy(() => {
      const means = unitMeans(visibleFields(rbm, unitMeans(hiddenFields(rbm, visible), rbm.encoding)), rbm.encoding);
      return tf.add(clampedValues, tf.mul(tf.sub(1, known), means)) as tf.Tensor2D;
    });
    if (visible !== start) visible.dispose();
    visible = next;
  }
  const result = tf.tidy(() => (rbm.encoding === 'pm1' ? tf.mul(tf.add(visible, 1), 0.5) : tf.clone(visible)) as tf.Tensor2D);
  if (visible !== start) visible.dispose();
  return result;
}

/**
 * Completes `count` visible patterns (0/1 bits in visible order) given which units are known: `known` has V entries
 * (the same units for every pattern) or count × V. Unknown units start at their neutral value (0 for ±1 units, as in
 * Mehlig Fig. 4.4; ½ for 0/1 units) and are inferred with the known units clamped.
 */
export function completePatterns(
  model: EnergyModelSpec,
  params: ModelParameters,
  patterns: Uint8Array,
  count: number,
  known: Uint8Array,
  args: CompletionArgs = {},
): CompletionResult {
  const config = { ...COMPLETION_DEFAULTS, ...args };
  const view = rbmView(model, params);
  const width = view.visibleCount;
  if (patterns.length !== count * width) throw new Error(`Expected ${count} patterns of ${width} bits (${count * width} values), got ${patterns.length}`);
  if (known.length !== width && known.length !== count * width) {
    throw new Error(`The known-unit mask needs ${width} entries (one per visible unit) or ${count * width} (one per unit of each pattern), got ${known.length}`);
  }
  if (!Number.isInteger(config.sweeps) || config.sweeps < 1) throw new Error(`Sweeps must be a positive integer, got ${config.sweeps}`);
  if (!Number.isInteger(config.burnIn) || config.burnIn < 0) throw new Error(`Burn-in must be a non-negative integer, got ${config.burnIn}`);
  if (!Number.isInteger(config.chains) || config.chains < 1) throw new Error(`Chains must be a positive integer, got ${config.chains}`);
  const chains = config.method === 'gibbs' ? config.chains : 1;
  const columns = count * chains;
  const isKnown = (p: number, i: number): boolean => (known.length === width ? known[i] : known[p * width + i]) === 1;
  const knownValues = new Float32Array(width * columns);
  const clampedValues = new Float32Array(width * columns);
  const startValues = new Float32Array(width * columns);
  const neutral = view.encoding === 'pm1' ? 0 : 0.5;
  const rows = Int32Array.from({ length: columns }, (_, col) => Math.floor(col / chains));
  const given = columnBatch(patterns, width, rows, view.encoding);
  for (let i = 0; i < width; i++) {
    for (let col = 0; col < columns; col++) {
      const k = i * columns + col;
      const on = isKnown(rows[col], i);
      knownValues[k] = on ? 1 : 0;
      clampedValues[k] = on ? given[k] : 0;
      startValues[k] = on ? given[k] : neutral;
    }
  }
  const rbm = uploadRbm(view);
  const inputs = [tf.tensor2d(startValues, [width, columns]), tf.tensor2d(knownValues, [width, columns]), tf.tensor2d(clampedValues, [width, columns])] as const;
  let estimates: Float32Array;
  try {
    const result =
      config.method === 'gibbs'
        ? gibbsSums(rbm, inputs[0], inputs[1], inputs[2], config)
        : meanFieldProbabilities(rbm, inputs[0], inputs[1], inputs[2], config.burnIn + config.sweeps);
    estimates = result.dataSync() as Float32Array;
    result.dispose();
  } finally {
    tf.dispose([...inputs]);
    disposeRbmTensors(rbm);
  }
  return summarise(patterns, count, width, chains, estimates, isKnown);
}

/** Averages the chains, thresholds at ½ and scores the unknown units against the originals. */
function summarise(
  patterns: Uint8Array,
  count: number,
  width: number,
  chains: number,
  estimates: Float32Array,
  isKnown: (p: number, i: number) => boolean,
): CompletionResult {
  const columns = count * chains;
  const completed = new Uint8Array(count * width);
  const probabilities = new Float64Array(count * width);
  const standardErrors = new Float64Array(count * width);
  let unknownUnits = 0;
  let correctUnits = 0;
  let correctPatterns = 0;
  for (let p = 0; p < count; p++) {
    let allCorrect = true;
    for (let i = 0; i < width; i++) {
      const k = p * width + i;
      if (isKnown(p, i)) {
        completed[k] = patterns[k];
        probabilities[k] = patterns[k];
        continue;
      }
      let sum = 0;
      let sumSquares = 0;
      for (let c = 0; c < chains; c++) {
        const x = estimates[i * columns + p * chains + c];
        sum += x;
        sumSquares += x * x;
      }
      const mean = sum / chains;
      probabilities[k] = mean;
      standardErrors[k] = chains > 1 ? Math.sqrt(Math.max(0, sumSquares / chains - mean * mean) / (chains - 1)) : 0;
      completed[k] = mean > 0.5 ? 1 : 0;
      unknownUnits++;
      if (completed[k] === patterns[k]) correctUnits++;
      else allCorrect = false;
    }
    if (allCorrect) correctPatterns++;
  }
  return {
    completed,
    probabilities,
    standardErrors,
    unitAccuracy: unknownUnits === 0 ? 1 : correctUnits / unknownUnits,
    patternAccuracy: count === 0 ? 1 : correctPatterns / count,
  };
}
