import { beliefNetwork, type BeliefNetwork } from '../belief/network';
import { beliefLogJoints } from '../belief/jointTable';
import type { CompiledModel, EnergyModelSpec } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { denseCouplings, MAX_DENSE_UNITS, type DenseEnergy } from '../energy/dense';
import { dataFit, empiricalDistribution } from '../energy/empirical';
import { exactStateProbabilities } from '../energy/exact';
import { unitValue } from '../energy/states';
import type { ModelParameters } from '../model/parameters';
import { topIndices } from './topIndices';

/** Most units whose 2^N joint states the table enumerates (both families). */
export const MAX_TABLE_UNITS = MAX_DENSE_UNITS;

/** Rows the table keeps by default (mirrors EXACT_TABLE_MAX_ROWS in main/api/contract.ts). */
export const DEFAULT_TABLE_ROWS = 4096;

/** One joint state: 0/1 per unit in compiled order ('1' = on, +1 for ±1 units), H(s) (−ln P(s) for belief nets), P(s). */
export interface StateRow {
  state: string;
  energy: number;
  probability: number;
}

/** A visible pattern (0/1 per visible unit, visibleIndices order): P(v) under the model and, with data, P_data(v). */
export interface VisibleRow {
  pattern: string;
  model: number;
  data?: number;
}

/** The all-states table of a small model (the contract's ExactTableResult without unit names). */
export interface StateTable {
  visibleIndices: number[];
  /** ln Z (energy models); 0 for belief networks, which are normalised. */
  logPartition: number;
  /** Most probable states first, at most maxRows. */
  states: StateRow[];
  totalStates: number;
  /** Visible patterns, most probable first (with data: the maxRows most probable under model or data), at most maxRows. */
  visible: VisibleRow[];
  /** KL(P_data‖P_model) = Σ_v P_data(v) ln(P_data(v)/P(v)) in nats (Mehlig eq. 4.18), with data. */
  kl?: number;
}

/** Options of exactStateTable. */
export interface StateTableArgs {
  /** Rows kept of the state and visible tables; default DEFAULT_TABLE_ROWS. */
  maxRows?: number;
  /** Data whose pattern frequencies and KL are reported (width = visible units). */
  data?: BinaryDataset;
}

/** Why the table cannot enumerate `model`, or undefined. */
export function stateTableRefusal(model: CompiledModel): string | undefined {
  if (model.unitCount <= MAX_TABLE_UNITS) return undefined;
  return `The exact table enumerates all 2^N states and handles at most ${MAX_TABLE_UNITS} units; this model has ${model.unitCount}`;
}

/** H(s) = −½ sᵀWs − bᵀs in float64 for the state with bits `index` (Mehlig eq. 4.2's energy). */
function energyOf(dense: DenseEnergy, encoding: EnergyModelSpec['encoding'], index: number): number {
  const n = dense.unitCount;
  const s = Array.from({ length: n }, (_, i) => unitValue(Math.floor(index / 2 ** i) % 2, encoding));
  let h = 0;
  for (let i = 0; i < n; i++) {
    h -= dense.biases[i] * s[i];
    for (let j = i + 1; j < n; j++) h -= dense.couplings[i * n + j] * s[i] * s[j];
  }
  return h;
}

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** ln P(s) = Σ_i s_i z_i − ln(1 + e^{z_i}) in float64 (Saul & Jordan eq. 2.2). */
function logJointOf(network: BeliefNetwork, index: number): number {
  const n = network.unitCount;
  const s = Array.from({ length: n }, (_, i) => Math.floor(index / 2 ** i) % 2);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let z = network.biases[i];
    for (let j = 0; j < n; j++) z += network.weights[i * n + j] * s[j];
    total += s[i] * z - softplus(z);
  }
  return total;
}

const bitString = (index: number, width: number): string => {
  let text = '';
  for (let i = 0; i < width; i++) text += Math.floor(index / 2 ** i) % 2 ? '1' : '0';
  return text;
};

/** P(v) = Σ_h P(v, h) from the joint probabilities; bit k of the pattern index is visible unit k. */
function visibleMarginals(probabilities: Float64Array, unitCount: number, visibleIndices: number[]): Float64Array {
  // Per byte of the state index, which pattern bits its set bits give: three lookups per state instead of V bit tests.
  const byteCount = Math.ceil(unitCount / 8) || 1;
  const tables = Array.from({ length: byteCount }, (_, b) => {
    const table = new Uint32Array(256);
    for (let value = 0; value < 256; value++) {
      let pattern = 0;
      visibleIndices.forEach((unit, k) => {
        if (unit >= 8 * b && unit < 8 * b + 8 && (value >> (unit - 8 * b)) & 1) pattern |= 1 << k;
      });
      table[value] = pattern;
    }
    return table;
  });
  const marginals = new Float64Array(2 ** visibleIndices.length);
  for (let s = 0; s < probabilities.length; s++) {
    let pattern = 0;
    for (let b = 0; b < byteCount; b++) pattern |= tables[b][(s >>> (8 * b)) & 255];
    marginals[pattern] += probabilities[s];
  }
  return marginals;
}

/**
 * Every joint state of a small model by enumeration: P(s) = e^{−H(s)}/Z for energy models (Mehlig eq. 4.2), P(s) = Π_i
 * P(s_i | pa_i) for sigmoid belief networks (Saul & Jordan eq. 2.2); P(v) of every visible pattern; with data, P_data(v)
 * and KL(P_data‖P_model). Rows shown are recomputed in float64 from the parameters.
 */
export function exactStateTable(model: CompiledModel, params: ModelParameters, args: StateTableArgs = {}): StateTable {
  const refusal = stateTableRefusal(model);
  if (refusal) throw new RangeError(refusal);
  const maxRows = args.maxRows ?? DEFAULT_TABLE_ROWS;
  const n = model.unitCount;
  const width = model.visibleIndices.length;
  const data = args.data;
  if (data && data.width !== width) {
    throw new Error(`Dataset '${data.name}' has ${data.width} columns but the model has ${width} visible units; use a dataset with ${width} columns`);
  }
  if (data && data.rowCount === 0) throw new Error(`Dataset '${data.name}' has no rows`);
  const empirical = data ? empiricalDistribution(data) : undefined;

  // One enumeration: P(s) for every state; ln Z, P(v) and the data's ln P(v) all follow from it.
  let probabilities: Float64Array;
  let logPartition = 0;
  let rowOf: (index: number) => StateRow;
  if (model.type === 'energy') {
    const dense = denseCouplings(model, params);
    probabilities = exactStateProbabilities(model, params);
    // ln Z = −H(s*) − ln P(s*) at the most probable state: H in float64, and ln P(s*) is small, so Z keeps float64 accuracy.
    const [mostProbable] = topIndices(probabilities, 1);
    logPartition = -energyOf(dense, model.encoding, mostProbable) - Math.log(probabilities[mostProbable]);
    rowOf = (index) => {
      const energy = energyOf(dense, model.encoding, index);
      return { state: bitString(index, n), energy, probability: Math.exp(-energy - logPartition) };
    };
  } else {
    const network = beliefNetwork(model, params);
    probabilities = beliefLogJoints(network);
    for (let k = 0; k < probabilities.length; k++) probabilities[k] = Math.exp(probabilities[k]);
    rowOf = (index) => {
      const logJoint = logJointOf(network, index);
      return { state: bitString(index, n), energy: -logJoint, probability: Math.exp(logJoint) };
    };
  }

  const states = topIndices(probabilities, maxRows).map(rowOf);
  const marginals = visibleMarginals(probabilities, n, model.visibleIndices);
  const dataFrequency = new Map<number, number>();
  // ln P(v) of each distinct data pattern, from the marginals just summed (Σ_h P(v, h)).
  const dataLogProbabilities = empirical ? new Float64Array(empirical.count) : undefined;
  empirical?.probabilities.forEach((p, k) => {
    let pattern = 0;
    for (let j = 0; j < width; j++) pattern += empirical.patterns[k * width + j] * 2 ** j;
    dataFrequency.set(pattern, p);
    dataLogProbabilities![k] = Math.log(marginals[pattern]);
  });
  const scores = empirical ? marginals.map((p, pattern) => Math.max(p, dataFrequency.get(pattern) ?? 0)) : marginals;
  const visible = topIndices(scores, maxRows)
    .sort((a, b) => marginals[b] - marginals[a] || a - b)
    .map((pattern): VisibleRow => ({
      pattern: bitString(pattern, width),
      model: marginals[pattern],
      ...(empirical ? { data: dataFrequency.get(pattern) ?? 0 } : {}),
    }));
  return {
    visibleIndices: [...model.visibleIndices],
    logPartition,
    states,
    totalStates: 2 ** n,
    visible,
    ...(empirical && dataLogProbabilities ? { kl: dataFit(empirical, dataLogProbabilities).kl } : {}),
  };
}
