import * as tf from '@tensorflow/tfjs';
import { createRandom, type SeededRandom } from '../random/seeded';
import { checkEvidence, evidenceStates, type BeliefEvidence } from './evidence';
import { childrenOf, parentsOf, type BeliefNetworkBatch } from './network';

/**
 * Groups of unobserved units with no two in each other's Markov blanket (parents, children, co-parents), found
 * greedily in topological order: every unit of a group can be resampled at once.
 */
export function markovBlanketColouring(batch: BeliefNetworkBatch, free: number[]): number[][] {
  const n = batch.unitCount;
  const blanket = Array.from({ length: n }, () => new Set<number>());
  for (let i = 0; i < n; i++) {
    const parents = parentsOf(batch, i);
    for (const j of parents) {
      blanket[i].add(j);
      blanket[j].add(i);
      for (const other of parents) if (other !== j) blanket[j].add(other);
    }
  }
  const isFree = new Set(free);
  const groups: number[][] = [];
  for (const unit of batch.order) {
    if (!isFree.has(unit)) continue;
    const group = groups.find((g) => g.every((u) => !blanket[unit].has(u)));
    if (group) group.push(unit);
    else groups.push([unit]);
  }
  return groups;
}

interface GroupTensors {
  /** [K, 1, G, N] J_ik for unit k of the group (rows) and every unit i (columns). */
  outgoing: tf.Tensor4D;
  /** [N, G] picks the group's units out of [.., N]. */
  select: tf.Tensor2D;
  /** [G, N] scatters them back. */
  scatter: tf.Tensor2D;
  /** [N] 1 outside the group. */
  keep: tf.Tensor1D;
}

/**
 * Persistent Gibbs chains on P(H | evidence) (Neal 1992) for K networks × P patterns × C chains, states [K, P·C, N]
 * (row p·C + c). Each sweep resamples every unobserved unit once from its Markov-blanket conditional
 * P(S_k = 1 | rest) = σ(z_k + Σ_{i ∈ children(k)} [ln P(S_i | z_i, S_k = 1) − ln P(S_i | z_i, S_k = 0)]).
 */
export class GibbsChains {
  readonly networkCount: number;
  readonly rows: number;
  readonly unitCount: number;
  /** 0/1 states [K, P·C, N]. */
  states: tf.Tensor3D;
  private readonly weightsT: tf.Tensor3D;
  private readonly biases: tf.Tensor3D;
  private readonly groups: GroupTensors[];
  private readonly random: SeededRandom;
  /** [N] 1 for observed units. */
  private readonly observedMask: tf.Tensor1D;

  constructor(batch: BeliefNetworkBatch, evidence: BeliefEvidence, chains: number, seed: number) {
    if (!Number.isInteger(chains) || chains < 1) throw new Error(`Gibbs sampling needs a positive integer number of chains, got ${chains}`);
    const free = checkEvidence(batch, evidence);
    const n = batch.unitCount;
    const k = batch.networkCount;
    this.networkCount = k;
    this.rows = evidence.count * chains;
    this.unitCount = n;
    this.random = createRandom(seed);
    this.weightsT = tf.tidy(() => tf.transpose(tf.tensor3d(batch.weights, [k, n, n]), [0, 2, 1]));
    this.biases = tf.tensor3d(batch.biases, [k, 1, n]);
    this.groups = markovBlanketColouring(batch, free).map((group) => this.groupTensors(batch, group));
    const observedMask = new Float32Array(n);
    for (const u of evidence.units) observedMask[u] = 1;
    this.observedMask = tf.tensor1d(observedMask);
    const observed = evidenceStates(batch, evidence);
    const rows = new Float32Array(this.rows * n);
    for (let r = 0; r < this.rows; r++) rows.set(observed.subarray(Math.floor(r / chains) * n, Math.floor(r / chains) * n + n), r * n);
    this.states = tf.tidy(() => tf.tile(tf.tensor3d(rows, [1, this.rows, n]), [k, 1, 1]));
    this.initialise(batch, free);
  }

  private groupTensors(batch: BeliefNetworkBatch, group: number[]): GroupTensors {
    const n = batch.unitCount;
    const k = batch.networkCount;
    const g = group.length;
    const outgoing = new Float32Array(k * g * n);
    for (let net = 0; net < k; net++) {
      group.forEach((unit, m) => {
        for (const i of childrenOf(batch, unit)) outgoing[(net * g + m) * n + i] = batch.weights[(net * n + i) * n + unit];
      });
    }
    const select = new Float32Array(n * g);
    const keep = new Float32Array(n).fill(1);
    group.forEach((unit, m) => {
      select[unit * g + m] = 1;
      keep[unit] = 0;
    });
    return {
      outgoing: tf.tensor4d(outgoing, [k, 1, g, n]),
      select: tf.tensor2d(select, [n, g]),
      scatter: tf.tidy(() => tf.transpose(tf.tensor2d(select, [n, g]))),
      keep: tf.tensor1d(keep),
    };
  }

  /** Ancestral start: unobserved units drawn from P(S_i | parents) in topological order, observed units clamped. */
  private initialise(batch: BeliefNetworkBatch, free: number[]): void {
    const isFree = new Set(free);
    for (const layer of batch.layers) {
      const units = layer.filter((u) => isFree.has(u));
      if (units.length === 0) continue;
      const n = this.unitCount;
      const mask = new Float32Array(n);
      for (const u of units) mask[u] = 1;
      const next = tf.tidy(() => {
        const m = tf.tensor1d(mask);
        const p = tf.sigmoid(this.fields());
        const draw = tf.cast(tf.less(tf.randomUniform(this.states.shape, 0, 1, 'float32', this.random.tfSeed()), p), 'float32');
        return tf.add(tf.mul(this.states, tf.sub(1, m)), tf.mul(draw, m)) as tf.Tensor3D;
      });
      this.states.dispose();
      this.states = next;
    }
  }

  /** z = S Jᵀ + b, [K, P·C, N]. */
  fields(): tf.Tensor3D {
    return tf.tidy(() => tf.add(tf.matMul(this.states, this.weightsT), this.biases));
  }

  /**
   * One sweep over the colour groups. With `accumulate` (ownership passes to the sweep), returns it plus this
   * sweep's Rao–Blackwellised estimate of the marginals: each resampled unit's P(S_k = 1 | rest), observed units'
   * values, [K, P·C, N].
   */
  sweep(accumulate?: tf.Tensor3D): tf.Tensor3D | undefined {
    let estimate = accumulate && tf.tidy(() => tf.mul(this.states, this.observedMask) as tf.Tensor3D);
    for (const group of this.groups) {
      const [states, probabilities] = tf.tidy(() => {
        const z = this.fields();
        const flat = (x: tf.Tensor): tf.Tensor2D => tf.reshape(x, [-1, this.unitCount]);
        const sGroup = tf.reshape(tf.matMul(flat(this.states), group.select), [this.networkCount, this.rows, -1, 1]);
        const off = tf.sub(tf.expandDims(z, 2), tf.mul(sGroup, group.outgoing));
        const on = tf.add(off, group.outgoing);
        // Σ_i ln P(S_i | z_i with S_k = 1) − ln P(S_i | z_i with S_k = 0); zero for non-children (J_ik = 0).
        const gain = tf.sum(tf.add(tf.sub(tf.mul(tf.expandDims(this.states, 2), group.outgoing), tf.softplus(on)), tf.softplus(off)), 3);
        const own = tf.reshape(tf.matMul(flat(z), group.select), gain.shape);
        const p = tf.sigmoid(tf.add(own, gain));
        const draw = tf.cast(tf.less(tf.randomUniform(p.shape, 0, 1, 'float32', this.random.tfSeed()), p), 'float32');
        const scatter = (x: tf.Tensor): tf.Tensor3D => tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape[2]!]), group.scatter), this.states.shape);
        return [tf.add(tf.mul(this.states, group.keep), scatter(draw)) as tf.Tensor3D, scatter(p)] as const;
      });
      if (estimate) {
        const next = tf.add(estimate, probabilities) as tf.Tensor3D;
        estimate.dispose();
        estimate = next;
      }
      probabilities.dispose();
      this.states.dispose();
      this.states = states;
    }
    if (!accumulate || !estimate) return undefined;
    const total = tf.add(accumulate, estimate) as tf.Tensor3D;
    tf.dispose([accumulate, estimate]);
    return total;
  }

  /** Replaces the chain states (e.g. persistent states kept between calls), [K, P·C, N] 0/1 values. */
  setStates(values: Float32Array): void {
    const next = tf.tensor3d(values, this.states.shape);
    this.states.dispose();
    this.states = next;
  }

  /**
   * Σ over chains of (S_i − σ(z_i)) S_j and (S_i − σ(z_i)) at the current states, [K, N, N] and [K, N]: the sampled
   * statistics of the delta rule ΔJ_ij ∝ E[(S_i − σ_i) S_j] (Saul & Jordan eq. 2.4; Neal 1992).
   */
  deltaRule(): { weights: tf.Tensor3D; biases: tf.Tensor2D } {
    return tf.tidy(() => {
      const error = tf.sub(this.states, tf.sigmoid(this.fields()));
      return { weights: tf.matMul(error, this.states, true, false) as tf.Tensor3D, biases: tf.sum(error, 1) as tf.Tensor2D };
    }) as unknown as { weights: tf.Tensor3D; biases: tf.Tensor2D };
  }

  dispose(): void {
    tf.dispose([this.states, this.weightsT, this.biases, this.observedMask]);
    for (const g of this.groups) tf.dispose([g.outgoing, g.select, g.scatter, g.keep]);
  }
}
