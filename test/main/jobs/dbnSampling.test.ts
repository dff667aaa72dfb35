import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledModel } from '../../../engine/compiler/types';
import { initialParameters } from '../../../engine/model/parameters';
import { findMethod, methodsFor } from '../../../main/jobs/methods';
import { methodInfo, methodSettings } from '../../../main/jobs/methods/settings';
import type { MethodContext, MethodOutput } from '../../../main/jobs/methods/types';
import { stackModel } from '../../engine/energy/rbm/dbnHelpers';
import { rbmModel, useTestBackend } from '../../engine/helpers/models';

// The sample:dbn-fantasy job as the worker runs it: offered for stacks only, stored as visible bits, stopped by Stop.

beforeAll(useTestBackend);

async function runFantasies(model: CompiledModel, config: Record<string, number | string>, context: Partial<MethodContext> = {}) {
  const method = findMethod('sample', 'dbn-fantasy')!;
  const settings = methodSettings(methodInfo(method, model), config);
  const outputs: MethodOutput[] = [];
  const before = tf.memory().numTensors;
  await method.run(
    { model, parameters: initialParameters(model, 1, 1), seed: 2, ...settings },
    { signal: new AbortController().signal, between: async () => undefined, progress: () => undefined, output: (o) => outputs.push(o), ...context },
  );
  expect(tf.memory().numTensors).toBe(before);
  return outputs;
}

describe('the sample:dbn-fantasy job', () => {
  it('is offered for stacks of RBMs with two or more hidden layers, not for a single RBM', () => {
    expect(methodsFor(stackModel([16, 12, 8]), 'sample').map((m) => m.name)).toContain('dbn-fantasy');
    expect(methodsFor(rbmModel(16, 8), 'sample').map((m) => m.name)).not.toContain('dbn-fantasy');
    expect(findMethod('sample', 'dbn-fantasy')!.refuses(rbmModel(16, 8))).toMatch(/'r' holds visible and hidden units; build the stack from layers/);
    expect(findMethod('sample', 'dbn-fantasy')!.refuses(stackModel([16, 8]))).toMatch(/at least two hidden layers/);
  });

  it('stores count × visible bits, or every unit with units = all', async () => {
    const model = stackModel([9, 4, 3]);
    const [visible] = await runFantasies(model, { count: 12, sweeps: 20 });
    expect(visible).toMatchObject({ kind: 'samples', summary: { method: 'dbn-fantasy', count: 12, sweeps: 20, downPass: 'samples', states: 'final' } });
    expect(visible.array!.shape).toEqual([12, 9]);
    expect(Array.from(visible.array!.values as Uint8Array).every((b) => b === 0 || b === 1)).toBe(true);
    const [all] = await runFantasies(model, { count: 5, sweeps: 20, units: 'all', downPass: 'means' });
    expect(all.array!.shape).toEqual([5, 16]);
  });

  it('stops within the sweeps when the run is cancelled, storing nothing', async () => {
    const abort = new AbortController();
    let waits = 0;
    const outputs = await runFantasies(stackModel([9, 4, 3]), { count: 8, sweeps: 5_000_000 }, {
      signal: abort.signal,
      between: async () => {
        if (++waits === 3) abort.abort();
      },
    });
    expect(outputs).toHaveLength(0);
    expect(waits).toBe(3);
  });
});
