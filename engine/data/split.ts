/** Row selection and train/test splits of a BinaryDataset. */
import { createRandom } from '../random/seeded';
import { SPLIT_TEST, SPLIT_TRAIN, type BinaryDataset } from './dataset';

/** The listed rows, in order, with their labels and split; imageShape, labelNames and origin are kept. */
export function selectRows(dataset: BinaryDataset, rows: ArrayLike<number>, overrides: { id?: string; name?: string } = {}): BinaryDataset {
  const { width } = dataset;
  const bits = new Uint8Array(rows.length * width);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    if (!Number.isInteger(row) || row < 0 || row >= dataset.rowCount) throw new Error(`row ${row} is outside the dataset's ${dataset.rowCount} rows`);
    bits.set(dataset.bits.subarray(row * width, (row + 1) * width), k * width);
  }
  const pick = <T extends Int32Array | Uint8Array>(values: T): T => {
    const out = new (values.constructor as new (n: number) => T)(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
    return out;
  };
  const { split: _split, labels, ...rest } = dataset;
  return {
    ...rest,
    id: overrides.id ?? dataset.id,
    name: overrides.name ?? dataset.name,
    rowCount: rows.length,
    bits,
    ...(labels ? { labels: pick(labels) } : {}),
    ...(dataset.split ? { split: pick(dataset.split) } : {}),
  };
}

/** Indices of the rows in a part: every row is a training row when the dataset has no split. */
export function rowsOfPart(dataset: BinaryDataset, part: 'train' | 'test'): number[] {
  const wanted = part === 'train' ? SPLIT_TRAIN : SPLIT_TEST;
  const rows: number[] = [];
  for (let row = 0; row < dataset.rowCount; row++) if ((dataset.split?.[row] ?? SPLIT_TRAIN) === wanted) rows.push(row);
  return rows;
}

/** The training rows and the test rows as two datasets without a split field. */
export function splitDataset(dataset: BinaryDataset): { train: BinaryDataset; test: BinaryDataset } {
  const part = (name: 'train' | 'test') => {
    const { split: _split, ...selected } = selectRows(dataset, rowsOfPart(dataset, name), { id: `${dataset.id}-${name}`, name: `${dataset.name} (${name})` });
    return selected;
  };
  return { train: part('train'), test: part('test') };
}

/** One dataset holding train's rows then test's, with split marking which is which; shapes and label names must agree. */
export function joinSplit(train: BinaryDataset, test: BinaryDataset, identity: { id: string; name: string }): BinaryDataset {
  if (train.width !== test.width) throw new Error(`train rows have ${train.width} bits but test rows ${test.width}`);
  if (Boolean(train.labels) !== Boolean(test.labels)) throw new Error('train and test must both have labels or both have none');
  if (JSON.stringify(train.imageShape) !== JSON.stringify(test.imageShape)) throw new Error('train and test images differ in shape');
  const rowCount = train.rowCount + test.rowCount;
  const bits = new Uint8Array(rowCount * train.width);
  bits.set(train.bits, 0);
  bits.set(test.bits, train.bits.length);
  const split = new Uint8Array(rowCount).fill(SPLIT_TEST, train.rowCount);
  const joined: BinaryDataset = { id: identity.id, name: identity.name, width: train.width, rowCount, bits, split };
  if (train.imageShape) joined.imageShape = { ...train.imageShape };
  if (train.labels && test.labels) {
    joined.labels = new Int32Array(rowCount);
    joined.labels.set(train.labels, 0);
    joined.labels.set(test.labels, train.rowCount);
  }
  const labelNames = train.labelNames ?? test.labelNames;
  if (labelNames) joined.labelNames = [...labelNames];
  return joined;
}

/** A copy whose split marks round(testFraction · rowCount) rows, chosen uniformly at random (seeded), as test rows. */
export function randomSplit(dataset: BinaryDataset, testFraction: number, seed: number): BinaryDataset {
  if (!(testFraction >= 0 && testFraction < 1)) throw new Error(`The test fraction must be at least 0 and below 1; got ${testFraction}.`);
  const random = createRandom(seed);
  const order = Array.from({ length: dataset.rowCount }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const split = new Uint8Array(dataset.rowCount);
  for (const row of order.slice(0, Math.round(testFraction * dataset.rowCount))) split[row] = SPLIT_TEST;
  return { ...dataset, split };
}
