import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { currentBackend, selectBackend } from '../../../engine/backend/selectBackend';
import { exactModelStatistics } from '../../../engine/energy/exact';
import { maxRelativeError } from '../helpers/bruteForce';
import { layeredModel, randomParameters } from '../helpers/models';

const saved = process.env.ATTRACTOR_BACKEND;
afterAll(() => {
  if (saved === undefined) delete process.env.ATTRACTOR_BACKEND;
  else process.env.ATTRACTOR_BACKEND = saved;
});

describe('selectBackend', () => {
  it('picks a working backend in the order tensorflow → wasm → cpu and reports it', async () => {
    delete process.env.ATTRACTOR_BACKEND;
    const name = await selectBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    expect(currentBackend()).toBe(name);
    expect(tf.getBackend()).toBe(name);
    let tfjsNode = true;
    try {
      const specifier = '@tensorflow/tfjs-node';
      await import(/* @vite-ignore */ specifier);
    } catch {
      tfjsNode = false;
    }
    if (!tfjsNode) expect(name).not.toBe('tensorflow');
  });

  it('honours an explicit preference and ATTRACTOR_BACKEND', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(currentBackend()).toBe('cpu');
    process.env.ATTRACTOR_BACKEND = 'cpu';
    expect(await selectBackend()).toBe('cpu');
    process.env.ATTRACTOR_BACKEND = 'gpu';
    await expect(selectBackend()).rejects.toThrow(/ATTRACTOR_BACKEND must be one of tensorflow, wasm, cpu/);
    delete process.env.ATTRACTOR_BACKEND;
  });

  it('falls back from an unavailable preference to the next working backend', async () => {
    await selectBackend('cpu');
    const name = await selectBackend('tensorflow');
    expect(['tensorflow', 'wasm', 'cpu']).toContain(name);
    // 'tensorflow' heads the automatic order too, so the fallback lands where automatic selection does.
    expect(name).toBe(await selectBackend());
  });

  it('gives the same exact enumeration on cpu and wasm (1e-5)', async () => {
    const model = layeredModel(4, 4, 'pm1');
    const params = randomParameters(model, 21);
    expect(await selectBackend('cpu')).toBe('cpu');
    const onCpu = exactModelStatistics(model, params);
    const wasm = await selectBackend('wasm');
    expect(wasm).toBe('wasm');
    const onWasm = exactModelStatistics(model, params);
    expect(Math.abs(onWasm.logPartition - onCpu.logPartition)).toBeLessThan(1e-5 * Math.abs(onCpu.logPartition));
    expect(maxRelativeError(onWasm.meanStates, onCpu.meanStates)).toBeLessThan(1e-5);
    expect(maxRelativeError(onWasm.correlations, onCpu.correlations)).toBeLessThan(1e-5);
  });
});
