import { beforeAll, describe, expect, it } from 'vitest';
import { layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { computeTrajectory, TRAJECTORY_MAX_FRAMES, type TrajectoryArgs } from '../../../engine/trajectory/computeTrajectory';
import { frameSteps } from '../../../engine/trajectory/frames';
import { noLeak } from '../helpers/noLeak';
import { layeredModel, randomParameters, useTestBackend } from '../helpers/models';

beforeAll(async () => {
  await useTestBackend();
});

const energy = layeredModel(3, 2, 'pm1');
const energyParams = randomParameters(energy, 1);
const belief = layeredBeliefSpec([2, 3]);
const beliefParams = randomBeliefParameters(belief, 2);

describe('trajectory frames', () => {
  it('record frame 0, every `every`-th step and always the last', () => {
    expect(frameSteps(10, 5, 3)).toEqual([0, 3, 6, 9, 10]);
    expect(frameSteps(4, 5)).toEqual([0, 1, 2, 3, 4]);
    const thinned = frameSteps(100_000, 5);
    expect(thinned.length).toBeLessThanOrEqual(TRAJECTORY_MAX_FRAMES);
    expect(thinned[0]).toBe(0);
    expect(thinned[thinned.length - 1]).toBe(100_000);
    expect(frameSteps(5000, 1000).length).toBeLessThanOrEqual(2000);
    expect(() => frameSteps(10_000, 5, 1)).toThrow(/every ≥ 6/);
    expect(() => frameSteps(0, 5)).toThrow(/Steps/);
  });

  it('come back thinned from computeTrajectory with steps and unit count', async () => {
    const result = await computeTrajectory(energy, energyParams, { method: 'gibbs', steps: 9, seed: 0, every: 4 });
    expect(result.frames.map((f) => f.step)).toEqual([0, 4, 8, 9]);
    expect(result.unitCount).toBe(5);
    expect(result.method).toBe('gibbs');
    expect(result.seconds).toBeGreaterThanOrEqual(0);
    for (const f of result.frames) expect(f.values).toHaveLength(5);
  });

  it('are the same for the same seed', async () => {
    const a = await computeTrajectory(energy, energyParams, { method: 'gibbs', steps: 6, seed: 9 });
    const b = await computeTrajectory(energy, energyParams, { method: 'gibbs', steps: 6, seed: 9 });
    expect(b.frames).toEqual(a.frames);
  });
});

describe('trajectory refusals', () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['attractor on an energy model', () => computeTrajectory(energy, energyParams, { method: 'attractor', steps: 3, seed: 0 }), /need a sigmoid belief network.*use gibbs, meanfield, hopfield/],
    ['hopfield on a belief network', () => computeTrajectory(belief, beliefParams, { method: 'hopfield', steps: 3, seed: 0 }), /need a symmetric energy model.*use gibbs, meanfield, attractor/],
    ['a temperature on a belief network', () => computeTrajectory(belief, beliefParams, { method: 'gibbs', steps: 3, seed: 0, temperature: 2 }), /T = 1/],
    ['a clamp of the wrong width', () => computeTrajectory(energy, energyParams, { method: 'gibbs', steps: 3, seed: 0, clamp: [1, 0] }), /2 entries; the model has 3 visible units/],
    ['a start value that is not a bit', () => computeTrajectory(energy, energyParams, { method: 'gibbs', steps: 3, seed: 0, start: [1, 2, 0] as never }), /entry 1 is 2/],
    ['a pattern of the wrong width', () => computeTrajectory(energy, energyParams, { method: 'hopfield', steps: 3, seed: 0, patterns: [[1]] }), /Pattern 0 has 1 entries/],
    ['a negative temperature', () => computeTrajectory(energy, energyParams, { method: 'gibbs', steps: 3, seed: 0, temperature: -1 }), /Temperature/],
  ];
  for (const [what, run, message] of cases) it(`refuses ${what}`, () => expect(run()).rejects.toThrow(message));
});

describe('trajectory memory', () => {
  it('leaves tf.memory().numTensors unchanged for every method of both families, clamped or not', async () => {
    const energyArgs: TrajectoryArgs[] = [
      { method: 'gibbs', steps: 4, seed: 0, clamp: [1, null, 0] },
      { method: 'meanfield', steps: 4, seed: 0, clamp: [1, null, 0], start: [0, 1, 1] },
      { method: 'hopfield', steps: 4, seed: 0, temperature: 0, clamp: [1, null, 0], patterns: [[1, 0, 1]] },
      { method: 'hopfield', steps: 4, seed: 0, temperature: 0.5 },
    ];
    for (const args of energyArgs) await noLeak(() => computeTrajectory(energy, energyParams, args));
    const clamp = [1, null, 0] as (0 | 1 | null)[];
    for (const method of ['gibbs', 'meanfield', 'attractor'] as const) {
      await noLeak(() => computeTrajectory(belief, beliefParams, { method, steps: 4, seed: 0, clamp, start: [0, 1, 1] }));
    }
    await noLeak(() => expect(computeTrajectory(energy, energyParams, { method: 'meanfield', steps: 4, seed: 0, temperature: 0 })).rejects.toThrow());
  });
});
