import { describe, expect, it } from 'vitest';
import type { TrajectoryRequest } from '../../../main/api/contract';
import { errorOf, nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, valueOf, xorRequest } from '../helpers';

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();
const setup = () => makeServices({ runner: runner(), progressIntervalMs: 20 });

describe('probe:trajectory', () => {
  it('refuses requests that do not fit the model, naming the problem and the fix', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const base: TrajectoryRequest = { diagramId: example.diagrams[0].id, method: 'gibbs', steps: 50, seed: 1 };
    const refusal = async (change: Partial<TrajectoryRequest>) => errorOf(await services.handle('probe:trajectory', { ...base, ...change }));
    expect(await refusal({})).toEqual({ code: 'invalid-argument', message: "Diagram 'XOR Boltzmann machine' has no parameters yet: train it in the Train panel first." });
    expect((await refusal({ method: 'attractor' })).message).toMatch(/'attractor' does not apply to a .*; use one of 'gibbs', 'meanfield', 'hopfield'\./);
    expect((await refusal({ steps: 0 })).message).toMatch(/steps must be a whole number from 1 to 100000; got 0/);
    expect((await refusal({ steps: 200_000 })).message).toMatch(/steps must be a whole number from 1 to 100000/);
    expect((await refusal({ seed: -1 })).message).toMatch(/seed must be a whole number in \[0, 2\^32\)/);
    expect((await refusal({ method: 'hopfield', hopfieldUpdate: 'sync', temperature: 0.5 })).message).toMatch(/update one unit at a time: choose asynchronous updates, or T = 0/);
    expect((await refusal({ clamp: [1, 0] })).message).toMatch(/clamp has 2 entries but the model has 3 visible units; give one per visible unit/);
    expect((await refusal({ clamp: [1, 2 as never, null] })).message).toMatch(/clamp\[1\] is 2; each entry must be 0, 1 or null/);
    expect((await refusal({ start: [1, null as never, 0] })).message).toMatch(/start\[1\] is null; each entry must be 0 or 1/);
    expect((await refusal({ patterns: [[1, 0, 1], [1, 1]] })).message).toMatch(/patterns\[1\] has 2 entries/);
    expect((await refusal({ method: 'meanfield', temperature: 0 })).message).toMatch(/Mean-field iteration needs a temperature > 0 .*use Hopfield dynamics for T = 0/);
    expect((await refusal({ temperature: -1 })).message).toMatch(/temperature must be a finite number ≥ 0/);
    expect((await refusal({ steps: 5000, every: 1 })).message).toMatch(/gives 5001 frames; at most 2000 — use every ≥ 3, or leave every out\./);
    expect((await refusal({ every: 0 })).message).toMatch(/'every' must be a whole number ≥ 1; got 0, or leave every out/);
    expect((await refusal({ diagramId: 'nope' })).code).toBe('not-found');
  });

  it('records a Gibbs trajectory of the trained XOR machine in the worker', async () => {
    const { services } = setup();
    const example = await openXorExample(services);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:start', xorRequest(example, { epochs: 50 })));
    await ended;
    const diagramId = example.diagrams[0].id;
    // Sent together: the second waits in the worker's queue and both answer.
    const [gibbs, meanField] = await Promise.all([
      services.handle('probe:trajectory', { diagramId, method: 'gibbs', steps: 40, seed: 3, clamp: [1, 0, null], patterns: [[1, 0, 1]], every: 2 }),
      services.handle('probe:trajectory', { diagramId, method: 'meanfield', steps: 30, seed: 3 }),
    ]);
    expect(valueOf(meanField)).toMatchObject({ method: 'meanfield', unitCount: 7 });
    const result = valueOf(gibbs);
    expect(result).toMatchObject({ method: 'gibbs', unitCount: 7 });
    expect(result.frames.map((f) => f.step)).toEqual(Array.from({ length: 21 }, (_, k) => 2 * k));
    for (const frame of result.frames) {
      expect(frame.values).toHaveLength(7);
      expect(frame.values.slice(0, 2)).toEqual([1, 0]);
      expect(frame.overlaps).toHaveLength(1);
      expect(Number.isFinite(frame.trace)).toBe(true);
    }
  });
});
