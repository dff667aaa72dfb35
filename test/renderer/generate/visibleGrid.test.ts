import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { CompiledModel } from '../../../engine/compiler/types';
import { diagramId } from '../../../engine/diagram/ids';
import { shownValues } from '../../../renderer/src/generate/CompletionFigure';
import { flaggedPath, pixelPaths } from '../../../renderer/src/generate/pixelPaths';
import { tracedPatterns } from '../../../renderer/src/generate/RetrievalPanel';
import { finalSamplesOutput } from '../../../renderer/src/generate/sampleJob';
import { framesPerTick, PLAY_SECONDS } from '../../../renderer/src/generate/useFramePlayer';
import {
  clampOf,
  completionOf,
  completionOfChains,
  corruptPattern,
  keepFirstRow,
  matchRows,
  rowsFromCsv,
  visibleShape,
  visibleValues,
} from '../../../renderer/src/generate/visibleGrid';
import { defaultValues, templateById } from '../../../renderer/src/templates/templates';
import type { OutputSummary, TrajectoryResult } from '../../../main/api/contract';

function model(templateId: string, values: Record<string, number | number[]>): CompiledModel {
  const template = templateById(templateId)!;
  const sub = template.build({ ...defaultValues(template), ...values });
  const result = compile({ format: 'attractor-diagram', version: 1, id: diagramId('t'), name: 't', settings: { encoding: 'pm1' }, ...sub });
  if (!result.ok) throw new Error('does not compile');
  return result.model;
}

describe('visible image shape', () => {
  it("takes the visible layer's shape, else the dataset's when it covers the visible units, else one row", () => {
    expect(visibleShape(model('rbm', { visible: 9, hidden: 6 }))).toEqual({ rows: 3, cols: 3, source: 'node' });
    const hopfield = model('hopfield', { units: 6 });
    expect(visibleShape(hopfield, { width: 6, imageShape: { rows: 2, cols: 3 } })).toEqual({ rows: 2, cols: 3, source: 'dataset' });
    expect(visibleShape(hopfield, { width: 6, imageShape: { rows: 2, cols: 2 } })).toEqual({ rows: 1, cols: 6, source: 'row' });
    expect(visibleShape(hopfield)).toEqual({ rows: 1, cols: 6, source: 'row' });
  });
});

describe('dataset rows and matching', () => {
  it('reads the CSV export (header, label column) back as bit strings', () => {
    expect(rowsFromCsv('x1,x2,x3,label\n1,0,1,a\n0,0,1,b\n', 3)).toEqual(['101', '001']);
    expect(() => rowsFromCsv('x1,x2,x3\n1,0\n', 3)).toThrow(/2 values where 3/);
  });

  it('matches each fantasy to the first equal dataset row', () => {
    expect(matchRows(['111', '010', '000'], ['000', '111', '000'])).toEqual([1, -1, 0]);
  });

  it('reads the final samples, not the lowest-energy states of annealing', () => {
    const out = (id: string, states: string): OutputSummary => ({ id, runId: 'r', kind: 'samples', name: id, createdAt: 0, summary: { states } });
    expect(finalSamplesOutput([out('best', 'lowest-energy'), out('final', 'final')])?.id).toBe('final');
  });
});

describe('masks and clamps', () => {
  it('keep-first-row leaves only the first image row known; the clamp has bits there and null elsewhere', () => {
    const mask = keepFirstRow({ rows: 3, cols: 3 });
    expect(mask).toEqual([false, false, false, true, true, true, true, true, true]);
    expect(clampOf('101101101', mask)).toEqual([1, 0, 1, null, null, null, null, null, null]);
  });
});

describe('reading the completion from frames', () => {
  // Units: hidden 0, visible 1..3 (visibleIndices [1, 2, 3]).
  const frames = [
    { values: [0, 1, 0.2, 0.9] },
    { values: [0, 1, 0.6, 0.1] },
    { values: [0, 1, 0.3, 0.8] },
    { values: [0, 1, 0.7, 0.4] },
  ];

  it('threshold-final thresholds the last frame at ½', () => {
    const { bits, probabilities } = completionOf(frames, [1, 2, 3], 'threshold-final');
    expect(probabilities).toEqual([1, 0.7, 0.4]);
    expect(bits).toBe('110');
  });

  it('average-last thresholds the mean of the last quarter of frames (here the last one of four; of eight, two)', () => {
    const eight = [...frames, ...frames];
    const { probabilities } = completionOf(eight, [1, 2, 3], 'average-last');
    expect(probabilities[1]).toBeCloseTo((0.3 + 0.7) / 2, 12);
    expect(probabilities[2]).toBeCloseTo((0.8 + 0.4) / 2, 12);
    expect(completionOf(eight, [1, 2, 3], 'average-last').bits).toBe('111');
  });

  it('the animation shows the same trailing mean, so its last frame equals the completion', () => {
    const trajectory: TrajectoryResult = { method: 'gibbs', unitCount: 4, traceName: 'H', seconds: 0, frames: [...frames, ...frames].map((f, step) => ({ ...f, step, trace: 0 })) };
    expect(shownValues(trajectory, [1, 2, 3], 7, 'average-last')).toEqual(completionOf(trajectory.frames, [1, 2, 3], 'average-last').probabilities);
    expect(shownValues(trajectory, [1, 2, 3], 2, 'threshold-final')).toEqual(visibleValues(frames[2].values, [1, 2, 3]));
  });

  it('over several chains, averages each chain’s estimate before thresholding', () => {
    const chain = (v: number) => [{ values: [0, v, 1 - v, 0.5] }];
    const { probabilities, bits } = completionOfChains([chain(1), chain(0), chain(0)], [1, 2, 3], 'threshold-final');
    expect(probabilities[0]).toBeCloseTo(1 / 3, 12);
    expect(probabilities[1]).toBeCloseTo(2 / 3, 12);
    expect(bits).toBe('011');
    expect(() => completionOfChains([], [1], 'average-last')).toThrow(/No chains/);
  });

  it('refuses an empty trajectory', () => {
    expect(() => completionOf([], [0], 'threshold-final')).toThrow(/no frames/);
  });
});

describe('corrupting a stored pattern', () => {
  const pattern = '1100101011110000110010101111000011001010';

  it('flips exactly round(q·N) pixels, the same ones for the same seed', () => {
    for (const q of [0, 0.1, 0.25, 0.5, 1]) {
      const corrupted = corruptPattern(pattern, q, 7);
      const flipped = Array.from(pattern).filter((b, i) => corrupted[i] !== b).length;
      expect(flipped).toBe(Math.round(q * pattern.length));
      expect(corruptPattern(pattern, q, 7)).toBe(corrupted);
    }
    expect(corruptPattern(pattern, 0.25, 1)).not.toBe(corruptPattern(pattern, 0.25, 2));
  });

  it('spreads its flips over every pixel across seeds', () => {
    const hits = new Array<number>(pattern.length).fill(0);
    for (let seed = 0; seed < 400; seed++) Array.from(corruptPattern(pattern, 0.25, seed)).forEach((b, i) => (hits[i] += b === pattern[i] ? 0 : 1));
    // Each pixel is flipped with probability 10/40 = 0.25: 100 of 400 expected, sd ≈ 8.7; 5 sd either side.
    for (const h of hits) expect(Math.abs(h - 100)).toBeLessThan(44);
  });

  it('refuses q outside [0, 1]', () => {
    expect(() => corruptPattern(pattern, 1.5, 0)).toThrow(/\[0, 1\]/);
  });
});

describe('drawing and playback', () => {
  it('groups pixels by grey level and leaves zeros to the background', () => {
    const paths = pixelPaths([0, 1, 0.5, 1], 2);
    expect(paths).toEqual([
      { level: 0.5, d: 'M0 1h1v1h-1z' },
      { level: 1, d: 'M1 0h1v1h-1zM1 1h1v1h-1z' },
    ]);
    expect(flaggedPath([false, true], 2, 10)).toBe('M10 0h10v10h-10z');
  });

  it('plays any number of frames in about PLAY_SECONDS', () => {
    expect(framesPerTick(10, 1)).toBe(1);
    const perTick = framesPerTick(2000, 1);
    expect((2000 / perTick) * 0.04).toBeCloseTo(PLAY_SECONDS, 0);
    expect((2000 / framesPerTick(2000, 2)) * 0.04).toBeCloseTo(PLAY_SECONDS / 2, 0);
  });

  it('traces the first rows and keeps the stored pattern among them', () => {
    expect(tracedPatterns(30, 4, 20)).toEqual({ rows: Array.from({ length: 20 }, (_, k) => k + 1), target: 3 });
    const late = tracedPatterns(30, 25, 20);
    expect(late.rows[0]).toBe(25);
    expect(late.rows).toHaveLength(20);
    expect(late.target).toBe(0);
  });
});
