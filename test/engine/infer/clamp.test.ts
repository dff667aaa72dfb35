import { describe, expect, it } from 'vitest';
import { groupByMask, knownMask, parseVisibleClamp, parseVisibleValues, visibleNames } from '../../../engine/infer/clamp';
import { compile } from '../../../engine/compiler/compile';
import { layeredBeliefSpec } from '../../../engine/belief/randomNetworks';
import { xorDiagram } from '../helpers/models';

const xor = (() => {
  const result = compile(xorDiagram());
  if (!result.ok) throw new Error('XOR diagram does not compile');
  return result.model;
})();
const layered = layeredBeliefSpec([2, 4]);

describe('visible clamps', () => {
  it('reads positions, ranges, node labels, label[k] and masks', () => {
    expect(visibleNames(xor)).toEqual(['v1', 'v2', 'v3']);
    expect(parseVisibleClamp('v1, v2', xor)).toEqual({ positions: [0, 1] });
    expect(parseVisibleClamp('2,0', xor)).toEqual({ positions: [0, 2] });
    expect(parseVisibleClamp('0-1', xor)).toEqual({ positions: [0, 1] });
    expect(parseVisibleClamp('mask:101', xor)).toEqual({ mask: Uint8Array.from([1, 0, 1]) });
    expect(visibleNames(layered)).toEqual(['Layer 1[0]', 'Layer 1[1]', 'Layer 1[2]', 'Layer 1[3]']);
    expect(parseVisibleClamp('Layer 1', layered)).toEqual({ positions: [0, 1, 2, 3] });
    expect(parseVisibleClamp('Layer 1[2],layer1[0]', layered)).toEqual({ positions: [0, 2] });
  });

  it('names what is wrong with a clamp text', () => {
    expect(() => parseVisibleClamp('3', xor)).toThrow(/position 3 in '3' is outside 0…2/);
    expect(() => parseVisibleClamp('2-1', xor)).toThrow(/runs backwards/);
    expect(() => parseVisibleClamp('h1', xor)).toThrow(/Node 'h1' has no visible units/);
    expect(() => parseVisibleClamp('nope', xor)).toThrow(/neither a visible position.*visible units: v1, v2, v3/);
    expect(() => parseVisibleClamp('mask:10', xor)).toThrow(/needs 3 digits/);
    expect(() => parseVisibleClamp('Layer 1[4]', layered)).toThrow(/has 4 visible units \(0…3\)/);
    expect(() => parseVisibleClamp(' ', xor)).toThrow(/clamp is empty/);
  });

  it('reads clamped values for sampling', () => {
    expect(parseVisibleValues('v1=1,v3=0', xor)).toEqual({ mask: Uint8Array.from([1, 0, 1]), bits: Uint8Array.from([1, 0, 0]) });
    expect(parseVisibleValues('0-1=01', xor)).toEqual({ mask: Uint8Array.from([1, 1, 0]), bits: Uint8Array.from([0, 1, 0]) });
    expect(parseVisibleValues('pattern:?1?', xor)).toEqual({ mask: Uint8Array.from([0, 1, 0]), bits: Uint8Array.from([0, 1, 0]) });
    expect(() => parseVisibleValues('0-1=1', xor)).toThrow(/names 2 units but gives 1 bits/);
    expect(() => parseVisibleValues('v1', xor)).toThrow(/should read UNITS=BITS/);
  });

  it('expands masks per row and groups rows that share one', () => {
    expect(Array.from(knownMask({ positions: [1] }, 2, 3))).toEqual([0, 1, 0, 0, 1, 0]);
    const mask = knownMask({ mask: [1, 0, 0, 0, 1, 1, 1, 0, 0] }, 3, 3);
    expect(groupByMask(mask, 3, 3)).toEqual([
      { known: [0], unknown: [1, 2], rows: [0, 2] },
      { known: [1, 2], unknown: [0], rows: [1] },
    ]);
    expect(() => knownMask({ mask: [1, 2, 0] }, 1, 3)).toThrow(/0 or 1; found 2/);
    expect(() => knownMask({ mask: [1, 0, 0], positions: [0] }, 1, 3)).toThrow(/exactly one of/);
  });
});
