/** Counts of (true class, predicted class) pairs and the error rate they imply. Plain data. */
export interface ConfusionMatrix {
  classCount: number;
  /** [C, C] row-major: counts[t·C + p] = patterns of true class t labelled p. */
  counts: Int32Array;
  /** Patterns counted. */
  total: number;
  /** Fraction of patterns whose predicted class differs from the true one. */
  errorRate: number;
}

/** The confusion matrix of `predicted` against `truth` (class indices 0…C−1); throws naming a label outside that range. */
export function confusionMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): ConfusionMatrix {
  if (!Number.isInteger(classCount) || classCount < 1) throw new Error(`Class count must be a positive integer, got ${classCount}`);
  if (truth.length !== predicted.length) throw new Error(`${truth.length} true labels but ${predicted.length} predictions; give one of each per pattern`);
  const counts = new Int32Array(classCount * classCount);
  let errors = 0;
  for (let p = 0; p < truth.length; p++) {
    const [t, q] = [truth[p], predicted[p]];
    for (const label of [t, q]) {
      if (!Number.isInteger(label) || label < 0 || label >= classCount) throw new RangeError(`Label ${label} of pattern ${p} is outside 0…${classCount - 1}`);
    }
    counts[t * classCount + q]++;
    if (t !== q) errors++;
  }
  return { classCount, counts, total: truth.length, errorRate: truth.length === 0 ? 0 : errors / truth.length };
}

/** The confusion matrix as aligned text: one row per true class, one column per predicted class, then the error rate. */
export function formatConfusionMatrix(matrix: ConfusionMatrix, classNames?: string[]): string {
  const c = matrix.classCount;
  const names = classNames ?? Array.from({ length: c }, (_, k) => String(k));
  const width = Math.max(5, ...names.map((name) => name.length), ...Array.from(matrix.counts, (n) => String(n).length)) + 1;
  const pad = (text: string): string => text.padStart(width);
  const lines = [pad('') + names.map(pad).join('')];
  for (let t = 0; t < c; t++) lines.push(pad(names[t]) + Array.from(matrix.counts.subarray(t * c, (t + 1) * c), (n) => pad(String(n))).join(''));
  lines.push(`error rate ${(100 * matrix.errorRate).toFixed(2)}% of ${matrix.total}`);
  return lines.join('\n');
}
