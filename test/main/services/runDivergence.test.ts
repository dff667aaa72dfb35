import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { parametersFromModel } from '../../../engine/model/parameters';
import { openProject } from '../../../projects/storage/openProject';
import { nextEvent, servicesPerTest, sharedRunnerPerFile, valueOf } from '../helpers';

// A run whose objective diverges ends 'failed' and stops back at its best epoch: that checkpoint is stored off the
// schedule, and the diagram carries its values.

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();

describe('a run whose KL diverges', () => {
  it('ends failed with the message, keeps the best epoch as a checkpoint and writes its values into the diagram', async () => {
    const { services, dataDir } = makeServices({ runner: runner(), progressIntervalMs: 20 });
    const example = valueOf(await services.handle('project:openExample', { exampleId: 'rbm-bars-stripes' }));
    const ended = nextEvent(services, 'run:ended');
    valueOf(
      await services.handle('run:start', {
        diagramId: example.diagrams[0].id,
        datasetId: example.datasets[0].id,
        algorithm: 'cd',
        epochs: 500,
        seed: 1,
        config: { learningRate: 10, checkpointEvery: 50 },
      }),
    );
    const { run, diagram } = await ended;
    expect(run.status).toBe('failed');
    const match = /^Training diverged at epoch (\d+): KL rose from best [\d.]+ \(epoch (\d+)\) to [\d.]+; lower the learning rate η \(now 10\) — the best parameters, epoch (\d+), are kept$/.exec(run.error ?? '');
    expect(match, run.error).not.toBeNull();
    const [failedAt, best] = [Number(match![1]), Number(match![2])];
    expect(run.lastStep).toBe(failedAt);
    // Seed 1 diverges at epoch 91 from its best at epoch 70, off the every-50 schedule (engine/train/divergence tests).
    expect(best % 50).not.toBe(0);

    const series = valueOf(await services.handle('run:metrics', { runId: run.id }));
    expect(series.map((m) => m.step)).toEqual(Array.from({ length: failedAt }, (_, i) => i + 1));
    const kl = series.map((m) => m.values.kl);
    expect(kl[best - 1]).toBe(Math.min(...kl));

    const steps = valueOf(await services.handle('run:checkpoints', { runId: run.id })).map((c) => c.step);
    expect(steps).toContain(best);
    expect(steps.filter((s) => s !== best).every((s) => s % 50 === 0)).toBe(true);

    const scratch = join(dataDir, 'scratch', readdirSync(join(dataDir, 'scratch')).find((name) => name.endsWith('.attractor'))!);
    const reader = await openProject(scratch, { readOnly: true });
    try {
      const checkpoint = (await reader.getCheckpoint(run.id, best))!;
      const stored = (await reader.listDiagrams())[0];
      const compiled = compile(stored);
      if (!compiled.ok) throw new Error('the trained diagram does not compile');
      expect(parametersFromModel(compiled.model)).toEqual({ weights: checkpoint.weights, biases: checkpoint.biases });
      expect(diagram?.parameters).toEqual(stored.parameters);
    } finally {
      await reader.close();
    }
  });
});
