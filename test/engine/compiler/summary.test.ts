import { describe, expect, it } from 'vitest';
import { formatCount } from '../../../engine/compiler/diagnostics';
import { familyName, summarize } from '../../../engine/compiler/summary';
import { coupling, diagram, layer, parentLink, rbm, unit } from '../diagram/examples';
import { modelOf } from './helpers';

describe('familyName and summarize', () => {
  it('names each family', () => {
    expect(familyName(modelOf(diagram([unit('a', 'visible')])))).toBe('Hopfield network');
    expect(familyName(modelOf(diagram([rbm('r', 2, 2)])))).toBe('restricted Boltzmann machine');
    expect(familyName(modelOf(diagram([unit('a', 'visible'), unit('b', 'hidden')])))).toBe('Boltzmann machine');
    expect(familyName(modelOf(diagram([unit('a', 'hidden'), unit('b', 'visible')], [parentLink('p', 'a', 'b')])))).toBe('sigmoid belief network');
  });

  it('uses singular words for counts of one', () => {
    expect(summarize(modelOf(diagram([unit('a', 'visible'), unit('b', 'visible')], [coupling('ab', 'a', 'b')])))).toBe(
      'Hopfield network · 2 units · 1 coupling',
    );
    expect(summarize(modelOf(diagram([layer('a', 'visible', 1)])))).toBe('Hopfield network · 1 unit · 0 couplings');
    expect(summarize(modelOf(diagram([unit('a', 'hidden'), unit('b', 'visible')], [parentLink('p', 'a', 'b')])))).toBe(
      'sigmoid belief network · 2 layers · 2 units · 1 link',
    );
  });

  it('formats counts with comma thousands separators', () => {
    expect([0, 7, 999, 1000, 1600, 392_000, 1_234_567, 50_000_000].map(formatCount)).toEqual([
      '0', '7', '999', '1,000', '1,600', '392,000', '1,234,567', '50,000,000',
    ]);
  });
});
