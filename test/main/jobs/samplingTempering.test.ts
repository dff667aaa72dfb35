import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../../engine/compiler/types';
import type { ModelParameters } from '../../../engine/model/parameters';
import { findMethod } from '../../../main/jobs/methods';
import { methodInfo, methodSettings } from '../../../main/jobs/methods/settings';
import type { MethodContext, MethodOutput } from '../../../main/jobs/methods/types';
import { fullyCoupledModel, randomParameters, useTestBackend } from '../../engine/helpers/models';

// The sample:tempering job as the worker runs it: its summary carries the ladder and the swap acceptance, and Stop ends it promptly.

beforeAll(useTestBackend);

const model = fullyCoupledModel(6, 0, 'pm1');
const params = randomParameters(model, 1, 0.6, 0.2);

async function runTempering(model: CompiledModel, parameters: ModelParameters, config: Record<string, number>, context: Partial<MethodContext> = {}) {
  const method = findMethod('sample', 'tempering')!;
  expect(method.refuses(model)).toBeUndefined();
  const settings = methodSettings(methodInfo(method, model), config);
  const outputs: MethodOutput[] = [];
  const progress: Record<string, number>[] = [];
  const before = tf.memory().numTensors;
  await method.run(
    { model, parameters, seed: 4, ...settings },
    { signal: new AbortController().signal, between: async () => undefined, progress: (_s, _t, metrics) => progress.push(metrics), output: (o) => outputs.push(o), ...context },
  );
  expect(tf.memory().numTensors).toBe(before);
  return { outputs, progress };
}

describe('the sample:tempering job', () => {
  it('stores the β = 1 samples with the ladder and each pair’s swap acceptance, and reports their mean and minimum', async () => {
    const { outputs, progress } = await runTempering(model, params, { count: 40, sweeps: 30, replicas: 4, lowestBeta: 0.2 });
    expect(outputs).toHaveLength(1);
    expect(outputs[0]).toMatchObject({ kind: 'samples', summary: { method: 'tempering', replicas: 4, lowestBeta: 0.2, states: 'final' } });
    expect(outputs[0].array!.shape).toEqual([40, 6]);
    expect(String(outputs[0].summary.betas).split(', ').map(Number)).toEqual([1, 0.585, 0.342, 0.2]);
    const rates = String(outputs[0].summary.swapAcceptance).split(', ').map(Number);
    expect(rates).toHaveLength(3);
    const last = progress.at(-1)!;
    expect(last.meanSwapAcceptance).toBeCloseTo(rates.reduce((a, b) => a + b, 0) / 3, 2);
    expect(last.minSwapAcceptance).toBeGreaterThan(0);
  });

  it('stops within the sweep loop when the run is cancelled, storing nothing', async () => {
    const abort = new AbortController();
    let waits = 0;
    const { outputs } = await runTempering(model, params, { count: 8, sweeps: 5_000_000, replicas: 2 }, {
      signal: abort.signal,
      between: async () => {
        if (++waits === 3) abort.abort();
      },
    });
    expect(outputs).toHaveLength(0);
    expect(waits).toBe(3);
  });
});
