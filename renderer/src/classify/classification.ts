/**
 * Generative classification decided from stored infer outputs (Saul & Jordan §4; Bishop et al. 1998): each class
 * model's job stores one per-row score (ln P(v), its estimate, a lower bound or −L); a row takes the class whose model
 * scores it highest (the first on a tie, as the engine's classifyRows), and the data's labels give the confusion matrix.
 */
import type { OutputData } from '../../../main/api/contract';

/** The classification of the rows of one data part. */
export interface Classification {
  /** Label value each class stands for, in class order. */
  labels: number[];
  /** [C·C] row-major: counts[t·C + p] = rows of true class t predicted as class p. */
  counts: number[];
  /** Rows counted (those whose label some class stands for). */
  total: number;
  errors: number;
  /** errors / total (0 without rows). */
  errorRate: number;
  /** Binomial standard error of the error rate, √(e(1 − e)/n). */
  standardError: number;
  /** Per row of the part, the predicted class index. */
  predictedClass: Int32Array;
  /** Per row, the true class index, or −1 when no class stands for its label (left out of the counts). */
  trueClass: Int32Array;
  /** Rows (indices within the part) whose prediction differs from their label, in row order. */
  misclassified: number[];
  /** Rows left out because no class stands for their label. */
  skipped: number;
}

/** One column group of an inference table as its output summary lists it (main/jobs/methods/inferenceTable.ts). */
interface ColumnGroup {
  key: string;
  start: number;
}

/** The per-row `quantity` column of rows of a stored inference output, or an Error naming what is missing. */
export function scoreColumn(page: Pick<OutputData, 'summary' | 'array' | 'name'>, quantity: string): Float64Array {
  const groups = page.summary.groups as ColumnGroup[] | undefined;
  const group = Array.isArray(groups) ? groups.find((g) => g.key === quantity) : undefined;
  if (!page.array || !group) throw new Error(`Output '${page.name}' holds no ${quantity} column; run the classification again`);
  const [count, stride] = page.array.shape;
  return Float64Array.from({ length: count }, (_, r) => page.array!.values[r * stride + group.start]);
}

/**
 * Classifies every row from `scores[k][b]` (class k's score of row b) against `truth[b]` (label values); `labels[k]`
 * is the label class k stands for. Rows whose label no class stands for are predicted but left out of the counts.
 */
export function classifyScores(scores: readonly ArrayLike<number>[], truth: ArrayLike<number>, labels: readonly number[]): Classification {
  const c = labels.length;
  if (scores.length !== c) throw new Error(`${scores.length} score columns for ${c} classes; give one per class`);
  if (new Set(labels).size !== c) throw new Error('Two classes stand for the same label; give each class its own label');
  const rows = truth.length;
  scores.forEach((s, k) => {
    if (s.length !== rows) throw new Error(`Class ${k} scored ${s.length} rows but the data has ${rows}; every model must score the same rows`);
  });
  const index = new Map(labels.map((label, k) => [label, k]));
  const counts = new Array<number>(c * c).fill(0);
  const predictedClass = new Int32Array(rows);
  const trueClass = new Int32Array(rows);
  const misclassified: number[] = [];
  let skipped = 0;
  for (let b = 0; b < rows; b++) {
    let best = 0;
    for (let k = 1; k < c; k++) if (scores[k][b] > scores[best][b]) best = k;
    predictedClass[b] = best;
    const t = index.get(truth[b]) ?? -1;
    trueClass[b] = t;
    if (t < 0) {
      skipped++;
      continue;
    }
    counts[t * c + best]++;
    if (t !== best) misclassified.push(b);
  }
  const total = rows - skipped;
  const errors = misclassified.length;
  const errorRate = total === 0 ? 0 : errors / total;
  return {
    labels: [...labels],
    counts,
    total,
    errors,
    errorRate,
    standardError: total === 0 ? 0 : Math.sqrt((errorRate * (1 - errorRate)) / total),
    predictedClass,
    trueClass,
    misclassified,
    skipped,
  };
}

/** Each count of a confusion row divided by the row's total (0 for an empty row): the shading of the matrix. */
export function rowShares(counts: readonly number[], classCount: number): number[] {
  return counts.map((n, i) => {
    const t = Math.floor(i / classCount);
    const sum = counts.slice(t * classCount, (t + 1) * classCount).reduce((a, b) => a + b, 0);
    return sum === 0 ? 0 : n / sum;
  });
}
