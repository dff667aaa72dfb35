import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { openProject } from '../../../projects/storage/openProject';
import { nextEvent, openXorExample, servicesPerTest, sharedRunnerPerFile, tempDir, valueOf } from '../helpers';

// Acceptance: kill -9 of a real process in the middle of a real training job (worker thread, SQLite writes), then reopen.

const makeServices = servicesPerTest();
const runner = sharedRunnerPerFile();

interface Killed {
  /** Highest edit number the child saw acknowledged before the kill. */
  lastEdit: number;
  /** The run's lastStep the child read from the file just before the kill. */
  readyStep: number;
}

/** Runs killChild.ts on a saved project until it is ready, then kills it with SIGKILL. */
async function killMidTraining(projectPath: string, dataDir: string): Promise<Killed> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'killChild.ts'), projectPath, dataDir], {
    cwd: join(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killed: Killed = { lastEdit: 0, readyStep: -1 };
  try {
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        const [word, count] = line.split(' ');
        if (word === 'edited') killed.lastEdit = Number(count);
        if (word === 'ready') {
          killed.readyStep = Number(count);
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.once('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the child exited early with ${code}`))));
    });
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
  return killed;
}

describe('kill -9 during training', () => {
  it('keeps every acknowledged edit and every stored step; the run reopens interrupted and resumes from its last checkpoint, recomputing the lost steps exactly', async () => {
    const { services, dataDir } = makeServices({ runner: runner() });
    await openXorExample(services);
    const path = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'killed') })).path as string;
    valueOf(await services.handle('project:close', undefined));
    const childData = tempDir('kill-child');
    const { lastEdit, readyStep } = await killMidTraining(path, childData.dir);
    childData.cleanup();
    expect(lastEdit).toBeGreaterThanOrEqual(5);

    // The file as the killed process left it, read without changing it.
    const reader = await openProject(path, { readOnly: true });
    const [run] = await reader.listRuns();
    const stored = await reader.listMetrics(run.id);
    const checkpointSteps = (await reader.listCheckpoints(run.id)).map((c) => c.step);
    const [diagram] = await reader.listDiagrams();
    await reader.close();
    expect(run).toMatchObject({ status: 'running', kind: 'train', seed: 5, config: { checkpointEvery: 50 } });
    expect(run.lastStep).toBeGreaterThanOrEqual(readyStep);
    expect(stored.map((m) => m.step)).toEqual(Array.from({ length: run.lastStep }, (_, i) => i + 1));
    expect(checkpointSteps).toEqual(Array.from({ length: Math.floor(run.lastStep / 50) }, (_, i) => 50 * (i + 1)));
    expect(Number(diagram.name.replace('edit ', ''))).toBeGreaterThanOrEqual(lastEdit);

    const reopened = valueOf(await services.handle('project:open', { path }));
    expect(reopened.runs[0]).toMatchObject({ id: run.id, status: 'interrupted', lastStep: run.lastStep });
    expect(reopened.diagrams[0].name).toBe(diagram.name);

    const checkpoint = checkpointSteps[checkpointSteps.length - 1];
    const resumed = valueOf(await services.handle('run:resume', { runId: run.id }));
    expect(resumed).toMatchObject({ status: 'queued', lastStep: checkpoint });
    await nextEvent(services, 'run:progress', (p) => p.runId === run.id && p.step >= run.lastStep + 20);
    const ended = nextEvent(services, 'run:ended');
    valueOf(await services.handle('run:cancel', { runId: run.id }));
    const end = (await ended).run;
    expect(end.status).toBe('cancelled');
    const series = valueOf(await services.handle('run:metrics', { runId: run.id }));
    expect(series.map((m) => m.step)).toEqual(Array.from({ length: end.lastStep }, (_, i) => i + 1));
    // Steps up to the checkpoint are kept; the ones after it, lost with the process's state, are computed again identically.
    stored.forEach((metric, i) => {
      expect(series[i].values.kl).toBeCloseTo(metric.values.kl, 6);
      expect(series[i].values.logLikelihood).toBeCloseTo(metric.values.logLikelihood, 6);
    });
  });
});
