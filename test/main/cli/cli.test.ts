import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDiagram } from '../../../engine/diagram/parse';
import { loadExample } from '../../../projects/examples/index';
import { createProject } from '../../../projects/storage/openProject';
import { tempDirsPerTest } from '../helpers';
import { attractor, XOR_DIAGRAM } from './spawnCli';

const scratch = tempDirsPerTest('cli');

describe('attractor CLI', () => {
  it('compiles the XOR example diagram: Boltzmann machine, 7 units, 21 couplings', async () => {
    const result = await attractor(['compile', XOR_DIAGRAM]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      family: 'boltzmann',
      familyName: 'Boltzmann machine',
      summary: 'Boltzmann machine · 7 units · 21 couplings',
      units: 7,
      visible: 3,
      hidden: 4,
      connections: 21,
      parameters: 28,
      diagnostics: [],
    });
  });

  it('reports a malformed diagram with its JSON path and exit code 1', async () => {
    const dir = scratch();
    const diagram = JSON.parse(readFileSync(XOR_DIAGRAM, 'utf8'));
    diagram.nodes[2].role = 'sideways';
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify(diagram));
    const result = await attractor(['compile', file]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('$.nodes[2].role');
    const syntax = join(dir, 'syntax.json');
    writeFileSync(syntax, '{\n  "format": "attractor-diagram",\n  oops\n}');
    const bad = await attractor(['compile', syntax]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/line 3, column 3/);
  });

  it('trains on the builtin XOR data: KL falls, backend reported, --out holds the trained parameters', async () => {
    const out = join(scratch(), 'trained.json');
    const result = await attractor(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '200', '--seed', '5', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ algorithm: 'boltzmann-exact', epochs: 200, seed: 5 });
    expect(['tensorflow', 'wasm', 'cpu']).toContain(summary.backend);
    expect(result.stderr).toContain(`backend: ${summary.backend}`);
    expect(summary.metrics.kl).toBeLessThan(summary.firstEpochMetrics.kl / 2);
    expect(summary.seconds).toBeGreaterThan(0);
    const trained = parseDiagram(JSON.parse(readFileSync(out, 'utf8')));
    if (!trained.ok) throw new Error(JSON.stringify(trained.errors));
    expect(Object.keys(trained.diagram.parameters?.weights ?? {})).toHaveLength(21);
    expect(Object.keys(trained.diagram.parameters?.biases ?? {})).toHaveLength(7);
  });

  it('infers exactly: one JSON line per row whose probabilities sum to less than 1', async () => {
    const dir = scratch();
    const out = join(dir, 'trained.json');
    expect((await attractor(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '150', '--out', out])).code).toBe(0);
    const csv = join(dir, 'xor.csv');
    writeFileSync(csv, '# x1,x2,y\n0,0,0\n1,1,0\n0,1,1\n1,0,1\n');
    const result = await attractor(['infer', out, '--data', csv, '--method', 'exact']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((l) => l.row)).toEqual([1, 2, 3, 4]);
    for (const line of lines) {
      expect(line.hiddenMeans).toHaveLength(4);
      expect(line.logProbability).toBeLessThan(0);
    }
    const total = lines.reduce((sum, l) => sum + Math.exp(l.logProbability), 0);
    // Four distinct patterns out of eight: their probabilities sum to < 1, and a trained model puts most mass on them.
    expect(total).toBeLessThan(1);
    expect(total).toBeGreaterThan(0.5);
    const untrained = await attractor(['infer', XOR_DIAGRAM, '--data', 'xor']);
    expect(untrained.code).toBe(1);
    expect(untrained.stderr).toMatch(/no trained parameters/);
  });

  it('names the row and column of a data width mismatch (exit 1)', async () => {
    const csv = join(scratch(), 'wide.csv');
    writeFileSync(csv, '0,0,0\n1,1,0,1\n');
    const result = await attractor(['train', XOR_DIAGRAM, '--data', csv, '--algorithm', 'boltzmann-exact']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/row 2, column 4/i);
  });

  it('reads a project file (its first diagram, or --diagram) without changing it, and refuses unknown algorithms', async () => {
    const file = join(scratch(), 'xor.attractor');
    const store = await createProject(file, 'XOR project');
    const example = await loadExample('xor-boltzmann');
    for (const diagram of example?.diagrams ?? []) await store.putDiagram(diagram);
    await store.close();
    const before = statSync(file).mtimeMs;
    const compiled = await attractor(['compile', file]);
    expect(compiled.code, compiled.stderr).toBe(0);
    expect(JSON.parse(compiled.stdout).summary).toBe('Boltzmann machine · 7 units · 21 couplings');
    const missing = await attractor(['compile', file, '--diagram', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("'XOR Boltzmann machine' (xor-boltzmann)");
    expect(statSync(file).mtimeMs).toBe(before);

    const result = await attractor(['train', file, '--data', 'xor', '--algorithm', 'gibbs']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("'boltzmann-exact'");
  });

  it('separates usage errors (exit 2) and prints help and version', async () => {
    expect((await attractor(['train', XOR_DIAGRAM, '--algorithm', 'boltzmann-exact'])).code).toBe(2);
    expect((await attractor(['frobnicate'])).code).toBe(2);
    expect((await attractor(['compile', XOR_DIAGRAM, '--bogus'])).stderr).toContain('unknown option --bogus');
    const help = await attractor(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/attractor train FILE --data DATA --algorithm NAME/);
    expect(help.stdout).toMatch(/train, infer, sample and evaluate store their runs in it/);
    const version = await attractor(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
