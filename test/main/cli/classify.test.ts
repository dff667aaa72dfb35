import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layeredBeliefDiagram } from '../../../engine/belief/randomNetworks';
import { compile } from '../../../engine/compiler/compile';
import { diagramId } from '../../../engine/diagram/ids';
import type { Diagram } from '../../../engine/diagram/types';
import { diagramWithParameters, initialParameters, type ModelParameters } from '../../../engine/model/parameters';
import { openProject } from '../../../projects/storage/openProject';
import { coupling, diagram, layer } from '../../engine/diagram/examples';
import { tempDir } from '../helpers';
import { cli, errorLine, jsonLines } from './inProcess';

// attractor classify on diagram files and on a project (each class scored by a stored infer job), and the infer, sample
// and evaluate jobs of the new methods stored in a project — all in this process (runCli; jobs still run in worker threads).

const { dir, cleanup } = tempDir('cli-classify');
afterAll(cleanup);

/** A model whose visible units are independent with the given biases (every weight 0): ln P(v) = Σ_i ln σ(±b_i). */
function biasOnly(base: Diagram, id: string, visibleNode: string, biases: number[]): Diagram {
  const named: Diagram = { ...base, id: diagramId(id), name: id };
  const result = compile(named);
  if (!result.ok) throw new Error('test diagram does not compile');
  const params: ModelParameters = initialParameters(result.model, 1, 0);
  for (const values of Object.values(params.weights)) values.fill(0);
  for (const [node, values] of Object.entries(params.biases)) values.set(node === visibleNode ? biases : new Array(values.length).fill(0));
  return diagramWithParameters(named, params);
}

const HORIZONTAL = [3, 3, -3, -3];
const VERTICAL = [-3, -3, 3, 3];
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};
const files: Record<string, string> = {};

beforeAll(() => {
  const sbn = layeredBeliefDiagram([1, 4]);
  files.sbnH = write('h.json', biasOnly(sbn, 'horizontal', 'layer1', HORIZONTAL));
  files.sbnV = write('v.json', biasOnly(sbn, 'vertical', 'layer1', VERTICAL));
  const energy = diagram([layer('v', 'visible', 4), layer('h', 'hidden', 1)], [coupling('w', 'v', 'h')], undefined, 'binary01');
  files.energyH = write('eh.json', biasOnly(energy, 'energy-h', 'v', HORIZONTAL));
  files.energyV = write('ev.json', biasOnly(energy, 'energy-v', 'v', VERTICAL));
  // Rows nearer the horizontal pattern 1100 go to model 0; the third row is labelled 1 but is nearer 1100.
  files.data = write('rows.csv', 'a,b,c,d,class\n1,1,0,0,0\n0,0,1,1,1\n1,1,0,1,1\n0,0,0,1,1\n');
  files.bars = write('bars.csv', '1,1,0,0,0\n0,0,1,1,1\n1,1,0,0,0\n0,0,1,1,1\n');
});

describe('attractor classify', () => {
  it('gives the known confusion matrix with every scoring method of both families', async () => {
    const cases = [
      ...['exact', 'meanfield', 'attractor', 'mixture:2'].map((m) => [files.sbnH, files.sbnV, m, 'h', 'v']),
      ...['exact', 'meanfield'].map((m) => [files.energyH, files.energyV, m, 'eh', 'ev']),
    ];
    for (const [a, b, method, nameA, nameB] of cases) {
      const outcome = await cli(['classify', '--models', `${a},${b}`, '--data', files.data, '--label-column', 'last', '--method', method]);
      const [result] = jsonLines(outcome);
      expect(result, `${method} on ${nameA}`).toMatchObject({
        method, rows: 4, predicted: [0, 1, 0, 1], confusion: [[1, 0], [1, 2]], errorRate: 0.25,
        classes: [{ name: nameA, label: 0 }, { name: nameB, label: 1 }],
      });
      expect(outcome.stderr).toMatch(/rows: true class, columns: predicted class[\s\S]*error rate 25\.00% of 4/);
    }
  });

  it('two tiny networks trained on horizontal and on vertical 2×2 bars classify all four bars correctly', async () => {
    const untrained = write('sbn-2-4.json', layeredBeliefDiagram([2, 4]));
    const trained: string[] = [];
    for (const [name, rows] of [['horizontal', '1,1,0,0\n0,0,1,1\n'], ['vertical', '1,0,1,0\n0,1,0,1\n']]) {
      const out = join(dir, `${name}-trained.json`);
      const training = await cli(['train', untrained, '--data', write(`${name}.csv`, rows), '--algorithm', 'sbn-gibbs', '--epochs', '150', '--set', 'statistics=exact', '--set', 'batchSize=2', '--out', out]);
      expect(training.code, training.stderr).toBe(0);
      trained.push(out);
    }
    const bars = write('all-bars.csv', '1,1,0,0,0\n0,0,1,1,0\n1,0,1,0,1\n0,1,0,1,1\n');
    for (const method of ['exact', 'meanfield', 'mixture:2']) {
      const [result] = jsonLines(await cli(['classify', '--models', trained.join(','), '--data', bars, '--label-column', 'last', '--method', method]));
      expect(result, method).toMatchObject({ predicted: [0, 0, 1, 1], confusion: [[2, 0], [0, 2]], errorRate: 0 });
    }
  });

  it('--labels says which label each model stands for; --table prints the table on stdout', async () => {
    const swapped = await cli(['classify', '--models', `${files.sbnH},${files.sbnV}`, '--data', files.data, '--label-column', 'last', '--labels', '1,0']);
    // Model 0 now stands for label 1: rows 1 and 3 (nearer 1100) are predicted 1.
    expect(jsonLines(swapped)[0]).toMatchObject({ predicted: [1, 0, 1, 0], confusion: [[1, 2], [1, 0]], errorRate: 0.75, classes: [{ label: 1 }, { label: 0 }] });
    const table = await cli(['classify', '--models', `${files.sbnH},${files.sbnV}`, '--data', files.bars, '--label-column', 'last', '--table']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^rows: true class, columns: predicted class\n\s+h\s+v\n\s+h\s+2\s+0\n\s+v\s+0\s+2\nerror rate 0\.00% of 4\n$/);
    const unlabelled = jsonLines(await cli(['classify', '--models', `${files.sbnH},${files.sbnV}`, '--data', write('u.csv', '1,1,1,0\n0,1,1,1\n')]));
    expect(unlabelled[0]).toMatchObject({ predicted: [0, 1] });
    expect(unlabelled[0].confusion).toBeUndefined();
  });

  it('refuses what cannot classify, naming the fix', async () => {
    const models = `${files.sbnH},${files.sbnV}`;
    const run = (...words: string[]) => cli(['classify', ...words]);
    const cases: [string[], number, RegExp][] = [
      [['--models', files.sbnH, '--data', files.data], 2, /one trained model per class \(at least 2\)/],
      [['--models', models], 2, /classify needs --data/],
      [['--models', models, '--data', files.data, '--label-column', 'last', '--method', 'gibbs'], 2, /--method must be one of exact, meanfield, attractor, mixture:M, importance .*per-row score/],
      [['--models', models, '--data', files.data, '--label-column', 'last', '--labels', '0'], 2, /1 labels for 2 models/],
      [['--models', models, '--data', files.data, '--label-column', 'last', '--labels', '0,cat'], 1, /'cat' is neither a whole number nor a label name/],
      [['--models', models, '--data', write('five.csv', '1,1,0,0,5\n'), '--label-column', 'last'], 1, /labelled 5, which no model stands for/],
      [['--models', `${files.sbnH},${files.energyV}`, '--data', files.data, '--label-column', 'last'], 1, /give one family of models/],
      [[files.sbnH, '--models', models, '--data', files.data], 2, /is not a project file/],
    ];
    for (const [words, code, pattern] of cases) {
      const outcome = await run(...words);
      expect(outcome.code, words.join(' ')).toBe(code);
      expect(errorLine(outcome)).toMatch(pattern);
    }
  });
});

describe('jobs of every method in a project file', () => {
  it('classify stores one infer job per class; infer, sample and evaluate store their runs and outputs', async () => {
    const project = join(dir, 'classes.attractor');
    expect((await cli(['project', 'new', project, '--diagram', files.sbnH, '--diagram', files.sbnV])).code).toBe(0);
    const stored = await cli(['classify', project, '--models', 'horizontal,vertical', '--data', files.data, '--label-column', 'last', '--method', 'meanfield']);
    expect(jsonLines(stored)[0]).toMatchObject({ method: 'meanfield', quantity: 'lowerBound', predicted: [0, 1, 0, 1], confusion: [[1, 0], [1, 2]], errorRate: 0.25, classes: [{ name: 'horizontal' }, { name: 'vertical' }] });
    expect(stored.stderr).toMatch(/class 0 \('horizontal'\): infer job run-/);
    // The dataset added by the first command is found by name afterwards.
    const inferred = jsonLines(await cli(['infer', project, '--diagram', 'vertical', '--data', 'rows.csv', '--method', 'mixture:2', '--clamp', '2-3', '--set', 'maxSweeps=50']));
    // The vertical model turns the unknown first two units off; the known last two keep the data's values.
    expect(inferred.map((r) => r.completed)).toEqual(['0000', '0011', '0001', '0001']);
    const samples = jsonLines(await cli(['sample', project, '--diagram', 'horizontal', '--method', 'gibbs', '--count', '20', '--sweeps', '10', '--clamp', 'pattern:0???']));
    expect(samples.every((s) => (s.bits as string)[0] === '0')).toBe(true);
    const [evaluated] = jsonLines(await cli(['evaluate', project, '--diagram', 'horizontal', '--data', 'rows.csv', '--method', 'attractor']));
    expect(evaluated).toMatchObject({ method: 'attractor', quantity: 'negativeLyapunov', rows: 4 });

    const store = await openProject(project, { readOnly: true });
    try {
      const runs = await store.listRuns();
      expect(runs.map((r) => [r.kind, r.algorithm, r.status])).toEqual([
        ['infer', 'meanfield', 'completed'],
        ['infer', 'meanfield', 'completed'],
        ['infer', 'mixture', 'completed'],
        ['sample', 'gibbs', 'completed'],
        ['evaluate', 'attractor', 'completed'],
      ]);
      expect(runs[2].config).toMatchObject({ components: 2, maxSweeps: 50, clamp: '2-3', rows: 'all' });
      expect(runs[3].config).toMatchObject({ count: 20, sweeps: 10, clamp: 'pattern:0???', units: 'visible' });
      expect((await store.listOutputs()).map((o) => [o.kind, o.arrayShape])).toEqual([
        ['inference', [4, 2]],
        ['inference', [4, 2]],
        ['inference', [4, 10]],
        ['completions', [4, 4]],
        ['samples', [20, 4]],
        ['evaluation', undefined],
      ]);
      expect((await store.listDatasetInfos(0)).map((d) => d.name)).toEqual(['rows.csv']);
    } finally {
      await store.close();
    }
  });
});
