import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { inferRows } from '../../../engine/infer/runInference';
import type { LikelihoodSummary } from '../../../engine/likelihood/estimate';
import { diagramWithParameters } from '../../../engine/model/parameters';
import { diagram, rbm } from '../../engine/diagram/examples';
import { datasetFromRows, randomParameters, useTestBackend } from '../../engine/helpers/models';
import { tempDir } from '../helpers';
import { cli, jsonLines } from './inProcess';
import { attractor } from './spawnCli';

// attractor infer|evaluate --method ais: forward and reverse, interval, gap, effective runs and each warning on stderr (one
// line each), all of it in the JSON; --base picks the base; the help names the options.

const { dir, cleanup } = tempDir('cli-likelihood');
afterAll(cleanup);

const rows = [[1, 0, 1, 1, 0, 0], [0, 0, 1, 1, 0, 1], [1, 1, 1, 0, 0, 0], [1, 0, 1, 1, 0, 0], [0, 1, 0, 0, 1, 1]];
const file = join(dir, 'rbm.json');
/** The same RBM with weights of scale 4: one temperature cannot bridge from the base to it. */
const sharpFile = join(dir, 'sharp.json');
const csv = join(dir, 'rows.csv');
let model: EnergyModelSpec;
const params = (m: EnergyModelSpec) => randomParameters(m, 3, 0.8, 0.3);

beforeAll(async () => {
  await useTestBackend();
  const d = diagram([rbm('R', 6, 4)], [], undefined, 'binary01');
  const compiled = compile(d);
  if (!compiled.ok || compiled.model.type !== 'energy') throw new Error('the RBM diagram should compile');
  model = compiled.model;
  writeFileSync(file, JSON.stringify(diagramWithParameters(d, params(model))));
  writeFileSync(sharpFile, JSON.stringify(diagramWithParameters(d, randomParameters(model, 5, 4, 2))));
  writeFileSync(csv, `${rows.map((r) => r.join(',')).join('\n')}\n`);
});

const stderrLines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

describe('attractor infer|evaluate --method ais', () => {
  it('infer prints each row, then {likelihood}; stderr gives forward, reverse, interval and gap — the facade’s figures', async () => {
    const outcome = await cli(['infer', file, '--data', csv, '--method', 'ais', '--seed', '3', '--set', 'temperatures=200', '--set', 'runs=32']);
    const lines = jsonLines(outcome);
    expect(lines).toHaveLength(rows.length + 1);
    const { likelihood } = lines.at(-1) as { likelihood: LikelihoodSummary };
    const direct = await inferRows(model, params(model), datasetFromRows(rows), { method: 'ais', temperatures: 200, runs: 32, seed: 3 });
    expect(likelihood.forward.value).toBeCloseTo(direct.likelihood!.forward.value, 9);
    expect(likelihood.reverse!.value).toBeCloseTo(direct.likelihood!.reverse!.value, 9);
    lines.slice(0, -1).forEach((row, r) => expect(row.logProbabilityEstimate).toBeCloseTo(direct.values![r], 5));
    const err = stderrLines(outcome.stderr);
    expect(err).toContainEqual(expect.stringMatching(/^mean ln P\(v\): forward -?\d+\.\d{4} ± \d+\.\d{4}, effective runs \d+\.\d of 32$/));
    expect(err).toContainEqual(expect.stringMatching(/^mean ln P\(v\): reverse -?\d+\.\d{4} ± \d+\.\d{4}, effective runs \d+\.\d of 32$/));
    expect(err).toContainEqual(expect.stringMatching(/^interval \[-?\d+\.\d{4}, -?\d+\.\d{4}\]; gap \(reverse − forward\) -?\d+\.\d{4} nats$/));
    expect(err).toContainEqual(expect.stringMatching(/^made by AIS: data base rates.*200 temperatures.*32 runs, seed 3/));
    expect(err.filter((l) => l.startsWith('warning: '))).toHaveLength(likelihood.warnings.length);
  });

  it('evaluate carries the record in its JSON line; --base uniform is recorded; a one-temperature schedule warns, one line per warning', async () => {
    const outcome = await cli(['evaluate', sharpFile, '--data', csv, '--method', 'ais', '--base', 'uniform', '--set', 'temperatures=1', '--set', 'runs=4']);
    const [line] = jsonLines(outcome);
    const likelihood = line.likelihood as LikelihoodSummary;
    expect(likelihood.provenance).toMatchObject({ method: 'ais', base: 'uniform', temperatures: 1, runs: 4 });
    expect(line.meanLogProbabilityEstimate).toBeCloseTo(likelihood.forward.value, 9);
    expect(likelihood.warnings.length).toBeGreaterThan(0);
    const warnings = stderrLines(outcome.stderr).filter((l) => l.startsWith('warning: '));
    expect(warnings).toEqual(likelihood.warnings.map((w) => `warning: ${w.message}`));
  });

  it('train with the AIS monitor prints its last estimate on stderr and in the JSON', async () => {
    const outcome = await cli(['train', file, '--data', csv, '--algorithm', 'cd', '--epochs', '2', '--seed', '4', '--set', 'aisEvery=2', '--set', 'aisTemperatures=50', '--set', 'aisRuns=8']);
    expect(outcome.code, outcome.stderr).toBe(0);
    const summary = JSON.parse(outcome.stdout) as { metrics: Record<string, number>; lastEstimate: { step: number; name: string; likelihood: LikelihoodSummary } };
    expect(summary.lastEstimate).toMatchObject({ step: 2, name: 'AIS estimate at epoch 2', likelihood: { provenance: { method: 'ais', seed: 6, temperatures: 50, runs: 8 } } });
    expect(summary.metrics.aisLogLikelihood).toBeCloseTo(summary.lastEstimate.likelihood.forward.value, 9);
    expect(stderrLines(outcome.stderr)).toContain('AIS estimate at epoch 2:');
  });

  it('in a project (worker threads, as the app): the monitor estimates are stored as evaluation outputs; infer and evaluate ais agree with them', async () => {
    const project = join(dir, 'rbm.attractor');
    const created = await attractor(['project', 'new', project, '--diagram', file]);
    expect(created.code, created.stderr).toBe(0);
    const train = await attractor(['train', project, '--data', csv, '--algorithm', 'pcd', '--epochs', '4', '--seed', '2', '--set', 'aisEvery=2', '--set', 'aisTemperatures=60', '--set', 'aisRuns=8']);
    expect(train.code, train.stderr).toBe(0);
    const info = JSON.parse((await attractor(['project', 'info', project])).stdout) as { outputs: { kind: string; name: string; shape?: number[] }[] };
    expect(info.outputs.map((o) => [o.kind, o.name, o.shape?.[0]])).toEqual([
      ['evaluation', 'AIS estimate at epoch 2', 3],
      ['evaluation', 'AIS estimate at epoch 4', 3],
    ]);
    const { runId, metrics } = JSON.parse(train.stdout) as { runId: string; metrics: Record<string, number> };
    // The estimate at epoch 4 was seeded 2 + 4; infer on the final checkpoint with that seed gives the same figure.
    const inferred = await attractor(['infer', project, '--data', csv, '--method', 'ais', '--seed', '6', '--set', 'temperatures=60', '--set', 'runs=8', '--checkpoint', `${runId}:4`]);
    expect(inferred.code, inferred.stderr).toBe(0);
    const last = JSON.parse(inferred.stdout.trim().split('\n').at(-1)!) as { likelihood: LikelihoodSummary };
    expect(last.likelihood.forward.value).toBeCloseTo(metrics.aisLogLikelihood, 5);
    expect(inferred.stderr).toMatch(/mean ln P\(v\): reverse/);
    const evaluated = await attractor(['evaluate', project, '--data', csv, '--method', 'ais', '--seed', '6', '--set', 'temperatures=60', '--set', 'runs=8', '--checkpoint', `${runId}:4`]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect((JSON.parse(evaluated.stdout) as { likelihood: LikelihoodSummary }).likelihood.forward.value).toBeCloseTo(metrics.aisLogLikelihood, 5);
  }, 60_000);

  it('the help lists ais with its base and what it reports', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--base data\|uniform/);
    const flat = help.stdout.replace(/\s+/g, ' ');
    expect(flat).toMatch(/evaluate, energy models: .*ais \(forward and reverse AIS, interval, gap, effective runs, warnings; --base data\|uniform; temperatures=1000, runs=100, base=data\|uniform\)/);
    expect(flat).toMatch(/aisEvery=0, aisTemperatures=1000, aisRuns=100, aisBase=data\|uniform/);
  });
});
