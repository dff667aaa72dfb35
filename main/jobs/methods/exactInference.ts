import { exactClampedSummary } from '../../../engine/energy/exact';
import { empiricalDistribution } from '../../../engine/energy/empirical';
import type { BinaryDataset } from '../../../engine/data/dataset';
import type { JobMethod } from './types';
import { energyModel, exactRefusal, unitNames } from './exactShared';

/** Data rows per chunk: one progress report and one chance to cancel or pause per chunk. */
const ROWS_PER_CHUNK = 4096;

function rowsOf(data: BinaryDataset, start: number, end: number): BinaryDataset {
  return { id: data.id, name: data.name, width: data.width, rowCount: end - start, bits: data.bits.subarray(start * data.width, end * data.width) };
}

/**
 * Per data row: log P(v) = log Σ_h exp(−H(v, h)) − log Z and the hidden posterior means ⟨h_k | v⟩ (Mehlig eq. 4.2),
 * by enumerating every state. Output: float32 [rows, 1 + hidden], columns named in summary.columns.
 */
export const exactInference: JobMethod = {
  info: {
    kind: 'infer',
    name: 'exact',
    label: 'Exact inference',
    description: 'log P(v) of each data row with the hidden units summed out, and the hidden units’ posterior means, by enumerating all 2^N states.',
    needsData: true,
    hyperparameters: [],
  },
  refuses: (model) => exactRefusal(model, 'Exact inference'),
  async run({ model: compiled, parameters, dataset, parameterStep }, context) {
    const model = energyModel(compiled);
    const data = dataset as BinaryDataset;
    const hidden = model.hiddenIndices;
    const names = unitNames(model);
    const columns = ['logProbability', ...hidden.map((i) => `⟨${names[i]}⟩`)];
    const table = new Float32Array(data.rowCount * columns.length);
    const chunks = Math.max(1, Math.ceil(data.rowCount / ROWS_PER_CHUNK));
    let sumLogProbability = 0;
    for (let chunk = 0; chunk < chunks; chunk++) {
      const start = chunk * ROWS_PER_CHUNK;
      const end = Math.min(data.rowCount, start + ROWS_PER_CHUNK);
      const empirical = empiricalDistribution(rowsOf(data, start, end));
      const summary = exactClampedSummary(model, parameters, empirical.patterns, empirical.count);
      for (let row = start; row < end; row++) {
        const k = empirical.patternOfRow[row - start];
        const logProbability = summary.logProbabilities[k];
        sumLogProbability += logProbability;
        table[row * columns.length] = logProbability;
        hidden.forEach((unit, h) => (table[row * columns.length + 1 + h] = summary.conditionalMeans[k * model.unitCount + unit]));
      }
      context.progress(chunk + 1, chunks, { meanLogProbability: sumLogProbability / Math.max(1, end) });
      await context.between();
      if (context.signal.aborted) return;
    }
    const meanLogProbability = data.rowCount > 0 ? sumLogProbability / data.rowCount : 0;
    context.output({
      kind: 'inference',
      name: `Exact inference on ${data.name}`,
      step: parameterStep,
      summary: { method: 'exact', datasetId: data.id, datasetName: data.name, rows: data.rowCount, meanLogProbability, columns },
      array: { dtype: 'float32', shape: [data.rowCount, columns.length], values: table },
    });
  },
};
