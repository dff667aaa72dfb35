import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import { blockMatrix, divergingColour, fullMatrix, hasWeights, unitNames } from '../../renderer/src/weights/weightMatrix';
import { smallDiagram, smallParameters } from './fixtures';

describe('weight matrix for the weights view', () => {
  const result = compile(smallDiagram(smallParameters()));
  if (!result.ok) throw new Error('fixture must compile');
  const model = result.model;

  it('fills the symmetric coupling matrix from every edge weight, zero diagonal', () => {
    expect(hasWeights(model)).toBe(true);
    const m = fullMatrix(model);
    const names = unitNames(model);
    const at = (a: string, b: string) => m.values[names.indexOf(a) * m.cols + names.indexOf(b)];
    const weights = smallParameters().weights;
    for (const [a, b, key] of [
      ['v1', 'v2', 'e12'],
      ['v1', 'h1', 'e1h'],
      ['v2', 'h1', 'e2h'],
    ] as const) {
      expect(at(a, b)).toBeCloseTo(weights[key].values[0], 6);
      expect(at(b, a)).toBeCloseTo(weights[key].values[0], 6);
    }
    for (const n of names) expect(at(n, n)).toBe(0);
    expect(m.maxAbs).toBeCloseTo(0.5, 6);
  });

  it('shows one edge block with its unit names', () => {
    const block = model.weightBlocks.find((b) => b.key === 'e1h');
    const m = block && blockMatrix(model, block);
    expect(m?.rowNames).toEqual(['v1']);
    expect(m?.colNames).toEqual(['h1']);
    expect(Array.from(m?.values ?? [])).toEqual([-0.25]);
  });

  it('maps zero to the neutral colour and ±max to the two ends', () => {
    const neutral: [number, number, number] = [240, 240, 240];
    expect(divergingColour(0, 1, neutral)).toEqual(neutral);
    expect(divergingColour(-1, 1, neutral)).toEqual([33, 102, 172]);
    expect(divergingColour(2, 1, neutral)).toEqual([214, 96, 39]);
  });
});
