import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProgressReporter, formatSeconds } from '../../../main/cli/progress';
import { openProject } from '../../../projects/storage/openProject';
import { PROJECT_SCHEMA_VERSION } from '../../../projects/types';
import { tempDirsPerTest } from '../helpers';
import { attractor, BIN, type SpawnOutcome as Outcome, XOR_DIAGRAM } from './spawnCli';

// The CLI on project files: runs and outputs are stored in the project, as the app stores them.

const scratch = tempDirsPerTest('cli-projects');

const json = (outcome: Outcome) => {
  expect(outcome.code, outcome.stderr).toBe(0);
  return JSON.parse(outcome.stdout);
};
const lines = (outcome: Outcome) => {
  expect(outcome.code, outcome.stderr).toBe(0);
  return outcome.stdout.trim().split('\n').map((line) => JSON.parse(line));
};

describe('attractor on project files', () => {
  it('creates a project, trains in it, and stores inference and sampling jobs with their outputs', async () => {
    const dir = scratch();
    const created = json(await attractor(['project', 'new', join(dir, 'xor'), '--example', 'xor-boltzmann', '--diagram', XOR_DIAGRAM, '--name', 'CLI XOR']));
    const file = join(dir, 'xor.attractor');
    expect(created).toMatchObject({ path: file, name: 'CLI XOR', schemaVersion: PROJECT_SCHEMA_VERSION, datasets: [{ id: 'xor', rows: 4, width: 3 }], runs: [], outputs: [] });
    expect(created.diagrams).toHaveLength(2);
    expect(created.diagrams[0]).toMatchObject({ summary: 'Boltzmann machine · 7 units · 21 couplings' });
    expect((await attractor(['project', 'new', file])).stderr).toMatch(/already exists/);

    const trained = json(await attractor(['train', file, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '200', '--seed', '4', '--checkpoint-every', '100']));
    expect(trained).toMatchObject({ project: file, status: 'completed', epochs: 200, lastStep: 200, seed: 4, checkpoints: [100, 200] });
    expect(trained.metrics.kl).toBeLessThan(trained.firstEpochMetrics.kl / 2);

    const rows = lines(await attractor(['infer', file, '--data', 'XOR patterns (Mehlig §4.4)']));
    expect(rows.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    expect(rows.every((r) => r.logProbability < 0 && r.hiddenMeans.length === 4)).toBe(true);
    const samples = lines(await attractor(['sample', file, '--count', '40', '--seed', '9', '--set', 'units=visible', '--checkpoint', `${trained.runId}:100`]));
    expect(samples).toHaveLength(40);
    expect(samples.every((s) => /^[01]{3}$/.test(s.bits))).toBe(true);

    const info = json(await attractor(['project', 'info', file]));
    expect(info.runs.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`)).toEqual(['train:completed', 'infer:completed', 'sample:completed']);
    expect(info.runs[0]).toMatchObject({ steps: '200/200', checkpoints: [100, 200], lastMetrics: trained.metrics });
    expect(info.runs[2].parent).toEqual({ runId: trained.runId, step: 100 });
    expect(info.outputs.map((o: { kind: string; shape?: number[] }) => [o.kind, o.shape])).toEqual([['inference', [4, 5]], ['samples', [40, 3]]]);
    const unknown = await attractor(['sample', file, '--method', 'bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--method must be one of exact, gibbs, metropolis, anneal, tempering for sample on this energy model; got 'bogus'/);
  });

  it('stops a run on Ctrl-C (stored as cancelled, exit 130) and --resume continues it from its last checkpoint', async () => {
    const dir = scratch();
    json(await attractor(['project', 'new', join(dir, 'stop.attractor'), '--example', 'xor-boltzmann']));
    const file = join(dir, 'stop.attractor');
    const stopped = await attractor(['train', file, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '100000', '--checkpoint-every', '25'], async (child) => {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const reader = await openProject(file, { readOnly: true }).catch(() => undefined);
        const run = reader && (await reader.listRuns())[0];
        const checkpoints = run ? await reader.listCheckpoints(run.id) : [];
        await reader?.close();
        if (checkpoints.length >= 2) break;
      }
      child.kill('SIGINT');
    });
    expect(stopped.code, stopped.stderr).toBe(130);
    const summary = JSON.parse(stopped.stdout);
    expect(summary.status).toBe('cancelled');
    expect(stopped.stderr).toMatch(/resume it with attractor train FILE --resume RUN/);
    expect(summary.checkpoints.at(-1)).toBe(summary.lastStep);

    // Resume to a short end: continue from the checkpoint with the run's own total would take long, so check the restart.
    const resumed = await attractor(['train', file, '--resume', summary.runId], async (child) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const reader = await openProject(file, { readOnly: true }).catch(() => undefined);
        const run = reader && (await reader.getRun(summary.runId));
        await reader?.close();
        if (run && run.lastStep >= summary.lastStep + 25) break;
      }
      child.kill('SIGINT');
    });
    expect(resumed.code, resumed.stderr).toBe(130);
    const after = JSON.parse(resumed.stdout);
    expect(after.runId).toBe(summary.runId);
    expect(after.lastStep).toBeGreaterThanOrEqual(summary.lastStep + 25);
    const reader = await openProject(file, { readOnly: true });
    const steps = (await reader.listMetrics(summary.runId)).map((m) => m.step);
    await reader.close();
    expect(steps).toEqual(Array.from({ length: after.lastStep }, (_, i) => i + 1));
  });

  it('samples a trained diagram file in process, storing nothing', async () => {
    const dir = scratch();
    const out = join(dir, 'trained.json');
    expect((await attractor(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '150', '--out', out])).code).toBe(0);
    const samples = lines(await attractor(['sample', out, '--count', '25', '--seed', '2']));
    expect(samples.map((s) => s.sample)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(samples.every((s) => /^[01]{7}$/.test(s.bits))).toBe(true);
    expect((await attractor(['sample', out, '--checkpoint', 'r:1'])).code).toBe(2);
    expect(existsSync(join(dir, 'trained.attractor'))).toBe(false);
    expect(JSON.parse(readFileSync(out, 'utf8')).parameters).toBeDefined();
  });
});

describe('progress on stderr', () => {
  it('redraws one bar with step, total, ETA and metrics on a terminal, and prints a line per 10 % otherwise', () => {
    const written: string[] = [];
    const bar = new ProgressReporter('epoch', true, (text) => written.push(text));
    bar.update(10, 100, { kl: 0.5 }, 75);
    bar.update(11, 100, { kl: 0.49 }, 74);
    bar.update(100, 100, { kl: 0.1 }, 0);
    bar.finish();
    expect(written[0]).toBe(`\r[###${'.'.repeat(27)}] epoch 10/100 ETA 1:15 kl=0.5000\x1b[K`);
    expect(written).toHaveLength(3);
    expect(written[1]).toMatch(/^\r\[#{30}\] epoch 100\/100 kl=0.1000/);
    expect(written[2]).toBe('\n');
    const plain: string[] = [];
    const log = new ProgressReporter('step', false, (text) => plain.push(text));
    for (let step = 1; step <= 40; step++) log.update(step, 40, { x: step });
    expect(plain).toEqual(Array.from({ length: 10 }, (_, i) => `step ${4 * (i + 1)}/40 x=${(4 * (i + 1)).toPrecision(4)}\n`));
    expect([formatSeconds(5), formatSeconds(3725)]).toEqual(['0:05', '1:02:05']);
  });

  it('shows the bar when stderr is a terminal (through script(1))', async () => {
    if (spawnSync('script', ['--version']).status !== 0) return expect.fail('script(1) from util-linux is needed for this test');
    const dir = scratch();
    writeFileSync(join(dir, 'd.json'), readFileSync(XOR_DIAGRAM));
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${BIN} train ${join(dir, 'd.json')} --data xor --algorithm boltzmann-exact --epochs 300 >/dev/null`, '/dev/null'], { encoding: 'utf8' });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/\r\[[#.]{30}\] epoch \d+\/300/);
  });
});
