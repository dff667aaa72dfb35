import { childPath, describeJson, type JsonReader } from './jsonReader';
import type { DiagramParameters, ParameterBlock } from './types';

/** At most this many bad entries are reported per values array; the rest are counted. */
const MAX_VALUE_ISSUES = 5;

/** Reads `parameters`: { weights: { key: block }, biases: { nodeId: block } }; each block's values.length = Π shape. */
export function readParameters(reader: JsonReader, value: unknown, path: string): DiagramParameters | undefined {
  const obj = reader.object(value, path, ['weights', 'biases']);
  if (!obj) return undefined;
  const weights = readBlockRecord(reader, obj, 'weights', path);
  const biases = readBlockRecord(reader, obj, 'biases', path);
  return weights && biases ? { weights, biases } : undefined;
}

function readBlockRecord(
  reader: JsonReader,
  parent: Record<string, unknown>,
  key: string,
  parentPath: string,
): Record<string, ParameterBlock> | undefined {
  const path = childPath(parentPath, key);
  const raw = reader.field(parent, key, parentPath);
  if (raw === undefined) return undefined;
  const obj = reader.object(raw, path);
  if (!obj) return undefined;
  const blocks: Record<string, ParameterBlock> = {};
  let ok = true;
  for (const [name, blockValue] of Object.entries(obj)) {
    const block = readBlock(reader, blockValue, childPath(path, name));
    if (block) Object.defineProperty(blocks, name, { value: block, enumerable: true, writable: true, configurable: true });
    else ok = false;
  }
  return ok ? blocks : undefined;
}

/** A dense row-major block: shape = positive integers, values = finite numbers, values.length = Π shape. */
export function readBlock(reader: JsonReader, value: unknown, path: string): ParameterBlock | undefined {
  const obj = reader.object(value, path, ['shape', 'values']);
  if (!obj) return undefined;
  const shape = readShape(reader, reader.field(obj, 'shape', path), childPath(path, 'shape'));
  const values = readValues(reader, reader.field(obj, 'values', path), childPath(path, 'values'));
  if (!shape || !values) return undefined;
  const expected = shape.reduce((a, b) => a * b, 1);
  if (values.length !== expected) {
    return reader.fail(
      childPath(path, 'values'),
      `has ${values.length} numbers but shape [${shape.join(', ')}] needs ${expected}; make the values match the shape`,
    );
  }
  return { shape, values };
}

function readShape(reader: JsonReader, value: unknown, path: string): number[] | undefined {
  if (value === undefined) return undefined;
  const arr = reader.array(value, path);
  if (!arr) return undefined;
  if (arr.length === 0) return reader.fail(path, 'must list at least one dimension');
  let ok = true;
  arr.forEach((dim, i) => {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 1) {
      reader.fail(childPath(path, i), `must be a positive integer, got ${describeJson(dim)}`);
      ok = false;
    }
  });
  return ok ? (arr.slice() as number[]) : undefined;
}

function readValues(reader: JsonReader, value: unknown, path: string): number[] | undefined {
  if (value === undefined) return undefined;
  const arr = reader.array(value, path);
  if (!arr) return undefined;
  let bad = 0;
  for (let i = 0; i < arr.length; i++) {
    const v = arr[i];
    if (typeof v === 'number' && Number.isFinite(v)) continue;
    if (bad < MAX_VALUE_ISSUES) reader.fail(childPath(path, i), `must be a finite number, got ${describeJson(v)}`);
    bad++;
  }
  if (bad > MAX_VALUE_ISSUES) {
    reader.fail(path, `${bad - MAX_VALUE_ISSUES} more entries are not finite numbers`);
  }
  return bad === 0 ? (arr.slice() as number[]) : undefined;
}
