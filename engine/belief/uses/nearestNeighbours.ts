import * as tf from '@tensorflow/tfjs';

/** Labelled 0/1 patterns, rowCount × width bits row-major. */
export interface LabelledPatterns {
  rowCount: number;
  bits: Uint8Array;
  labels: ArrayLike<number>;
}

/** Options of nearestNeighbourClassify. */
export interface NearestNeighbourArgs {
  /** Neighbours that vote. Default 1. */
  k?: number;
  /** Test patterns per distance computation. Default 256. */
  chunkSize?: number;
}

/**
 * k-nearest-neighbour labels under Hamming distance |x| + |y| − 2x·y (the baseline of Saul & Jordan §4). Votes are
 * counted per class, nearest first (the lower training index first among equal distances); among classes with equal
 * votes the one that reached that count first wins.
 */
export async function nearestNeighbourClassify(train: LabelledPatterns, bits: Uint8Array, rowCount: number, width: number, args: NearestNeighbourArgs = {}): Promise<Int32Array> {
  const k = args.k ?? 1;
  const chunkSize = args.chunkSize ?? 256;
  if (!Number.isInteger(k) || k < 1 || k > train.rowCount) throw new Error(`k must be a whole number from 1 to the ${train.rowCount} training patterns, got ${k}`);
  if (train.bits.length !== train.rowCount * width || train.labels.length !== train.rowCount) {
    throw new Error(`Training patterns must be ${train.rowCount} × ${width} bits with one label each; got ${train.bits.length} bits and ${train.labels.length} labels`);
  }
  if (bits.length !== rowCount * width) throw new Error(`Test patterns must be ${rowCount} × ${width} bits, got ${bits.length}`);
  const reference = tf.tidy(() => tf.transpose(tf.tensor2d(Float32Array.from(train.bits), [train.rowCount, width])));
  const referenceNorms = tf.tidy(() => tf.sum(reference, 0, true));
  const predicted = new Int32Array(rowCount);
  try {
    for (let start = 0; start < rowCount; start += chunkSize) {
      const count = Math.min(chunkSize, rowCount - start);
      const nearest = tf.tidy(() => {
        const queries = tf.tensor2d(Float32Array.from(bits.subarray(start * width, (start + count) * width)), [count, width]);
        const distances = tf.sub(tf.add(tf.sum(queries, 1, true), referenceNorms), tf.mul(2, tf.matMul(queries, reference)));
        return tf.topk(tf.neg(distances), k).indices;
      });
      const indices = await nearest.data().finally(() => nearest.dispose());
      for (let q = 0; q < count; q++) {
        const votes = new Map<number, number>();
        let best = -1;
        let bestVotes = 0;
        for (let r = 0; r < k; r++) {
          const label = train.labels[indices[q * k + r]];
          const n = (votes.get(label) ?? 0) + 1;
          votes.set(label, n);
          if (n > bestVotes) [best, bestVotes] = [label, n];
        }
        predicted[start + q] = best;
      }
    }
  } finally {
    reference.dispose();
    referenceNorms.dispose();
  }
  return predicted;
}
