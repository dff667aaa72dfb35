/**
 * Binary encodings of the BLOB columns. All multi-byte values are little-endian.
 * - datasets.bits: the rowCount × width 0/1 values row-major, packed 8 per byte, first bit in the high bit (MSB-first).
 * - datasets.labels: int32 per row.
 * - checkpoints.blob: float32 values of every block back to back, in the order of checkpoints.layout,
 *   a JSON header {"encoding":"float32-le","weights":[[key,length],…],"biases":[[key,length],…]}.
 */

const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Packs 0/1 bytes 8 per byte, MSB-first; throws on any other value. */
export function packBits(bits: Uint8Array): Buffer {
  const packed = Buffer.alloc(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) {
    const bit = bits[i];
    if (bit !== 0 && bit !== 1) throw new Error(`bit ${i} is ${bit}; dataset bits must be 0 or 1`);
    if (bit === 1) packed[i >> 3] |= 0x80 >> (i & 7);
  }
  return packed;
}

/** Inverse of packBits for `count` bits. */
export function unpackBits(packed: Uint8Array, count: number): Uint8Array {
  if (packed.length !== Math.ceil(count / 8)) throw new Error(`packed bits hold ${packed.length} bytes, expected ${Math.ceil(count / 8)}`);
  const bits = new Uint8Array(count);
  for (let i = 0; i < count; i++) bits[i] = (packed[i >> 3] >> (7 - (i & 7))) & 1;
  return bits;
}

/** Copies 4-byte elements to little-endian bytes (bit-exact, NaN payloads included). */
function toLittleEndian4(view: Float32Array | Int32Array): Buffer {
  const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  const copy = Buffer.from(bytes);
  return HOST_IS_LITTLE_ENDIAN ? copy : copy.swap32();
}

/** Copies little-endian bytes into a fresh, aligned ArrayBuffer in host order. */
function fromLittleEndian4(bytes: Uint8Array): ArrayBuffer {
  if (bytes.length % 4 !== 0) throw new Error(`a 4-byte array blob has ${bytes.length} bytes`);
  const copy = Buffer.from(bytes);
  if (!HOST_IS_LITTLE_ENDIAN) copy.swap32();
  return copy.buffer.slice(copy.byteOffset, copy.byteOffset + copy.byteLength);
}

export const encodeInt32 = (values: Int32Array): Buffer => toLittleEndian4(values);
export const decodeInt32 = (bytes: Uint8Array): Int32Array => new Int32Array(fromLittleEndian4(bytes));

/** Named float32 blocks, e.g. StoredCheckpoint's weights and biases. */
export interface ParameterArrays {
  weights: Record<string, Float32Array>;
  biases: Record<string, Float32Array>;
}

interface ParameterLayout {
  encoding: 'float32-le';
  weights: [string, number][];
  biases: [string, number][];
}

/** Encodes named float32 blocks as a JSON layout plus one float32 blob. */
export function encodeParameters(parameters: ParameterArrays): { layout: string; blob: Buffer } {
  const entries = (blocks: Record<string, Float32Array>): [string, number][] =>
    Object.entries(blocks).map(([key, values]) => {
      if (!(values instanceof Float32Array)) throw new Error(`parameter block "${key}" is not a Float32Array`);
      return [key, values.length];
    });
  const layout: ParameterLayout = { encoding: 'float32-le', weights: entries(parameters.weights), biases: entries(parameters.biases) };
  const blocks = [...Object.values(parameters.weights), ...Object.values(parameters.biases)];
  // Big-endian hosts swap a copy of each block; little-endian hosts concatenate views, copying each value once.
  const bytes = HOST_IS_LITTLE_ENDIAN ? blocks.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)) : blocks.map(toLittleEndian4);
  return { layout: JSON.stringify(layout), blob: Buffer.concat(bytes) };
}

/** Inverse of encodeParameters; each block is a fresh Float32Array. */
export function decodeParameters(layoutJson: string, blob: Uint8Array): ParameterArrays {
  const layout = JSON.parse(layoutJson) as ParameterLayout;
  if (layout.encoding !== 'float32-le') throw new Error(`unknown parameter encoding "${String(layout.encoding)}"`);
  const all = new Float32Array(fromLittleEndian4(blob));
  let offset = 0;
  const take = (list: [string, number][]): Record<string, Float32Array> => {
    const blocks: Record<string, Float32Array> = {};
    for (const [key, length] of list) {
      blocks[key] = all.slice(offset, offset + length);
      offset += length;
    }
    return blocks;
  };
  const parameters = { weights: take(layout.weights), biases: take(layout.biases) };
  if (offset !== all.length) throw new Error(`parameter blob holds ${all.length} values, layout describes ${offset}`);
  return parameters;
}

/** JSON for metric values; non-finite numbers (a diverging run) are kept as the strings "NaN", "Infinity", "-Infinity". */
export function encodeMetricValues(values: Record<string, number>): string {
  const encoded: Record<string, number | string> = {};
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'number') throw new Error(`metric "${name}" is not a number`);
    encoded[name] = Number.isFinite(value) ? value : String(value);
  }
  return JSON.stringify(encoded);
}

/** Inverse of encodeMetricValues. */
export function decodeMetricValues(json: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [name, value] of Object.entries(JSON.parse(json) as Record<string, number | string>)) values[name] = Number(value);
  return values;
}
