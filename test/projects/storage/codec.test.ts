import { describe, expect, it } from 'vitest';
import {
  decodeInt32,
  decodeMetricValues,
  decodeParameters,
  encodeInt32,
  encodeMetricValues,
  encodeParameters,
  packBits,
  unpackBits,
} from '../../../projects/storage/codec';
import { expectBitExact, sampleCheckpoint } from '../helpers';

describe('blob codecs', () => {
  it('packs bits MSB-first, 8 per byte, and unpacks them exactly', () => {
    expect([...packBits(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1]))]).toEqual([0x81, 0xa0]);
    expect([...packBits(new Uint8Array(0))]).toEqual([]);
    const bits = new Uint8Array(1001).map((_, i) => (i * 2654435761) % 7 < 3 ? 1 : 0);
    expect(unpackBits(packBits(bits), bits.length)).toStrictEqual(bits);
    expect(() => unpackBits(new Uint8Array(3), 30)).toThrow(/expected 4/);
    expect(() => packBits(new Uint8Array([0, 255]))).toThrow(/bit 1 is 255/);
  });

  it('writes int32 labels and float32 parameters little-endian, with a JSON layout', () => {
    expect([...encodeInt32(new Int32Array([1, -2]))]).toEqual([1, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
    expect(decodeInt32(encodeInt32(new Int32Array([7, -2147483648])))).toStrictEqual(new Int32Array([7, -2147483648]));
    const { layout, blob } = encodeParameters({ weights: { w: new Float32Array([1, -2]) }, biases: { b: new Float32Array([0.5]) } });
    expect(JSON.parse(layout)).toEqual({ encoding: 'float32-le', weights: [['w', 2]], biases: [['b', 1]] });
    expect([...blob]).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 0, 0, 0, 0x3f]);
  });

  it('restores parameters bit for bit from an unaligned blob', () => {
    const checkpoint = sampleCheckpoint('r', 3);
    const { layout, blob } = encodeParameters(checkpoint);
    const unaligned = Buffer.concat([Buffer.from([9]), blob]).subarray(1);
    const restored = decodeParameters(layout, unaligned);
    for (const key of Object.keys(checkpoint.weights)) expectBitExact(restored.weights[key], checkpoint.weights[key]);
    for (const key of Object.keys(checkpoint.biases)) expectBitExact(restored.biases[key], checkpoint.biases[key]);
    expect(() => decodeParameters(layout, blob.subarray(4))).toThrow(/layout describes/);
  });

  it('keeps non-finite metric values', () => {
    const values = { kl: 0.125, a: NaN, b: Infinity, c: -Infinity };
    expect(decodeMetricValues(encodeMetricValues(values))).toStrictEqual(values);
  });
});
