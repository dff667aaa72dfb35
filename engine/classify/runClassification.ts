import { mixtureBound } from '../belief/bound/mixture';
import { asBeliefSpec, beliefNetwork } from '../belief/network';
import { attractorScore, classify, exactScore, meanFieldScore, type BatchScore } from '../belief/uses/classify';
import { confusionMatrix, type ConfusionMatrix } from '../belief/uses/confusion';
import type { CompiledModel } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import { readOptions, resolveMethod, type InferenceQuantity } from '../infer/methods';
import { inferRows, type InferArgs } from '../infer/runInference';
import type { ModelParameters } from '../model/parameters';

export { formatConfusionMatrix, type ConfusionMatrix } from '../belief/uses/confusion';

/** One class's trained model. */
export interface ClassModel {
  model: CompiledModel;
  params: ModelParameters;
  /** Display name (e.g. the file it came from); default the data's label name or the label number. */
  name?: string;
}

/** Arguments of classifyRows: an inference method with a per-row score and its options (as InferArgs, without a clamp). */
export interface ClassifyRowsArgs extends Omit<InferArgs, 'clamp'> {
  /** Label value each model stands for, in model order; default model k stands for label k. */
  labels?: number[];
}

/** Generative classification of every row (plain data). */
export interface ClassificationResult {
  method: string;
  /** What each score is (ln P(v), its estimate, a lower bound or −L). */
  quantity: InferenceQuantity;
  classCount: number;
  rowCount: number;
  /** Label value of each class (model order). */
  labels: number[];
  classNames: string[];
  /** [C, B] row-major: the score of row b under class c's model. */
  scores: Float64Array;
  /** Per row, the label of the class whose model scores it highest. */
  predicted: Int32Array;
  /** Against the data's labels, when it has them: counts[t·C + p] over class indices, and the error rate. */
  confusion?: ConfusionMatrix;
  errorRate?: number;
}

/** The belief-network score of each method, batched over the class networks when they share a structure. */
function beliefScore(method: string, o: Record<string, number>, seed: number): BatchScore {
  if (method === 'exact') return exactScore;
  if (method === 'attractor') return attractorScore({ iterations: o.iterations, stepSize: o.stepSize });
  if (method === 'meanfield') return meanFieldScore({ tolerance: o.tolerance, maxSweeps: o.maxSweeps, seed });
  return (networks, evidence) => mixtureBound(networks, evidence, { components: o.components, tolerance: o.tolerance, maxSweeps: o.maxSweeps, seed }).bound;
}

function checkModels(models: ClassModel[], data: BinaryDataset, args: ClassifyRowsArgs): void {
  if (models.length < 2) throw new Error(`Classification needs one trained model per class (at least 2); got ${models.length}`);
  const first = models[0].model;
  models.forEach(({ model }, k) => {
    if (model.type !== first.type) throw new Error(`Model ${k} is a ${model.type === 'energy' ? 'energy model' : 'belief network'} but model 0 is not; give one family of models`);
    if (model.visibleIndices.length !== data.width) {
      throw new Error(`Model ${k} has ${model.visibleIndices.length} visible units but dataset '${data.name}' has ${data.width} columns`);
    }
  });
  if (args.labels !== undefined) {
    if (args.labels.length !== models.length) throw new Error(`${args.labels.length} labels for ${models.length} models; give one label per model`);
    if (new Set(args.labels).size !== args.labels.length) throw new Error('Two models stand for the same label; give each model its own label');
  }
}

/**
 * Generative classification (Saul & Jordan §4; Bishop et al. 1998): one model per class scores every row by the named
 * inference method — ln P(v) exactly, an AIS or mean-field estimate (energy models), the mean-field or mixture bound, or
 * −L (belief networks) — and the row takes the label of the highest score; with labelled data, the confusion matrix.
 */
export async function classifyRows(models: ClassModel[], data: BinaryDataset, args: ClassifyRowsArgs): Promise<ClassificationResult> {
  checkModels(models, data, args);
  const [{ info, parsed }] = models.map(({ model }) => resolveMethod(model, args.method));
  if (info.quantity === undefined) {
    throw new Error(`Method '${args.method}' gives posterior means but no per-row score to compare; classify with ${models[0].model.type === 'energy' ? 'exact, ais or meanfield' : 'exact, meanfield, attractor or mixture:M'}`);
  }
  const { method: _m, seed: _s, labels: _l, ...rest } = args;
  const options = readOptions(info, { ...rest, ...(parsed.components !== undefined ? { components: parsed.components } : {}) });
  const seed = args.seed ?? 0;
  const c = models.length;
  const rows = data.rowCount;
  let scores: Float64Array;
  if (models[0].model.type === 'belief') {
    if (rows === 0) scores = new Float64Array(0);
    else {
      const networks = models.map(({ model, params }) => beliefNetwork(asBeliefSpec(model), params));
      scores = Float64Array.from((await classify(networks, data.bits, rows, beliefScore(parsed.name, options, seed))).scores);
    }
  } else {
    scores = new Float64Array(c * rows);
    for (let k = 0; k < c; k++) {
      const result = await inferRows(models[k].model, models[k].params, data, { ...rest, method: args.method, seed });
      scores.set(result.values!, k * rows);
    }
  }
  const labels = args.labels ?? models.map((_, k) => k);
  const predictedClass = new Int32Array(rows);
  for (let b = 0; b < rows; b++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (scores[k * rows + b] > scores[best * rows + b]) best = k;
    predictedClass[b] = best;
  }
  const classNames = models.map((m, k) => m.name ?? data.labelNames?.[labels[k]] ?? String(labels[k]));
  const result: ClassificationResult = {
    method: parsed.name === 'mixture' ? `mixture:${options.components}` : parsed.name,
    quantity: info.quantity,
    classCount: c,
    rowCount: rows,
    labels,
    classNames,
    scores,
    predicted: Int32Array.from(predictedClass, (k) => labels[k]),
  };
  if (data.labels !== undefined) {
    const index = new Map(labels.map((label, k) => [label, k]));
    const truth = Int32Array.from(data.labels, (label, b) => {
      const k = index.get(label);
      if (k === undefined) throw new Error(`Row ${b} is labelled ${label}, which no model stands for (labels ${labels.join(', ')}); give a model for it or leave the row out`);
      return k;
    });
    result.confusion = confusionMatrix(truth, predictedClass, c);
    result.errorRate = result.confusion.errorRate;
  }
  return result;
}
