import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS } from '../../../main/services/fileArguments';
import { MAX_MESSAGE_CHARS } from '../../../engine/text/boundedText';
import { openProject } from '../../../projects/storage/openProject';
import { tempDirsPerTest } from '../helpers';
import { expectBoundedMessage, pathCorpus, promptly } from '../pathCorpus';
import { cli, errorLine } from './inProcess';
import { attractor, XOR_DIAGRAM } from './spawnCli';

// Every command that takes a file: devices, FIFOs, folders, missing, oversize, binary and passwd-like files answer
// at once with one bounded line, and exports never replace a file without --force.

const scratch = tempDirsPerTest('cli-paths');

async function newProject(dir: string, ...extra: string[]): Promise<string> {
  const file = join(dir, 'p.attractor');
  const made = await cli(['project', 'new', file, ...extra]);
  expect(made.code, made.stderr).toBe(0);
  return file;
}

/** Runs `attractor ARGV` expecting exit 1 with one bounded error line quoting no more than a cell of `content`. */
async function refused(argv: string[], content?: string): Promise<string> {
  const outcome = await promptly(cli(argv), `attractor ${argv.join(' ')}`);
  expect(outcome.code, outcome.stderr).toBe(1);
  const line = errorLine(outcome);
  expect(outcome.stderr.trim()).toBe(line);
  expectBoundedMessage(line.replace(/^attractor: /, ''), content);
  return line;
}

describe('file arguments on the command line', () => {
  it('data import, compile, train --data and project new --diagram refuse the path corpus promptly, in one line', async () => {
    const dir = scratch();
    const project = await newProject(dir);
    const csv = pathCorpus(join(dir, 'csv'), '.csv', FILE_LIMITS.csv.maxBytes);
    for (const { path, content } of csv) {
      await refused(['data', 'import', project, path], content);
      await refused(['train', XOR_DIAGRAM, '--data', path, '--algorithm', 'boltzmann-exact', '--epochs', '1'], content);
    }
    for (const { path, content } of pathCorpus(join(dir, 'json'), '.json', FILE_LIMITS.diagram.maxBytes)) {
      await refused(['compile', path], content);
      await refused(['project', 'new', join(dir, `new-${Math.random().toString(36).slice(2)}.attractor`), '--diagram', path], content);
    }
    for (const { path, content } of pathCorpus(join(dir, 'png'), '.png', FILE_LIMITS.image.maxBytes)) await refused(['data', 'import', project, path], content);
    expect(await refused(['data', 'import', project, '/dev/zero'])).toBe('attractor: /dev/zero is a character device, not a file; choose a CSV file.');
    expect(await refused(['data', 'import', project, csv[2].path])).toMatch(/is a named pipe \(FIFO\), not a file; choose a CSV file\.$/);
    expect(await refused(['data', 'import', project, csv[7].path])).toMatch(/: Row 2, column 1: 'daemon:x:1:1:daemon…' is not a number$/);
    const list = await cli(['data', 'list', project]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  }, 120_000);

  it('data export --out and train --out refuse an existing file unless --force (train before it trains)', async () => {
    const dir = scratch();
    const project = await newProject(dir, '--example', 'xor-boltzmann');
    const out = join(dir, 'rows.csv');
    writeFileSync(out, 'keep me');
    expect(await refused(['data', 'export', project, 'xor', '--out', out])).toBe(`attractor: ${out} already exists; choose another name, or pass --force to replace it.`);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    const forced = await cli(['data', 'export', project, 'xor', '--out', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^x1,x2,x3\n/);

    const trained = join(dir, 'trained.json');
    writeFileSync(trained, 'keep me');
    const train = await cli(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '5', '--out', trained]);
    expect(train.code).toBe(1);
    expect(train.stderr.trim()).toBe(`attractor: ${trained} already exists; choose another name, or pass --force to replace it.`);
    expect(readFileSync(trained, 'utf8')).toBe('keep me');
    expect((await cli(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '5', '--out', trained, '--force'])).code).toBe(0);
    expect(JSON.parse(readFileSync(trained, 'utf8')).parameters).toBeDefined();
  }, 60_000);
});

describe('messages and data the CLI reads', () => {
  it('compile of a diagram with 50,000 dangling edges prints one short stderr line with counts', async () => {
    const dir = scratch();
    const diagram = JSON.parse(readFileSync(XOR_DIAGRAM, 'utf8'));
    for (let i = 0; i < 50_000; i++) diagram.edges.push({ id: `e${i}`, kind: 'coupling', source: `n${i}`, target: `m${i}` });
    const file = join(dir, 'dangling.json');
    writeFileSync(file, JSON.stringify(diagram));
    const outcome = await attractor(['compile', file]);
    expect(outcome.code).toBe(1);
    const line = outcome.stderr.replace(/\n$/, '');
    expect(line).not.toContain('\n');
    expect(line.length).toBeLessThanOrEqual('attractor: '.length + MAX_MESSAGE_CHARS);
    expect(line).toMatch(/does not compile: 50,000 problems \(dangling-edge ×50,000\): dangling-edge: Coupling "n0 – m0" .*; … and 49,998 more$/);
  }, 60_000);

  it('a diagram JSON file with a UTF-8 byte-order mark compiles', async () => {
    const file = join(scratch(), 'bom.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(XOR_DIAGRAM)]));
    const outcome = await cli(['compile', file]);
    expect(outcome.code, outcome.stderr).toBe(0);
    expect(JSON.parse(outcome.stdout)).toMatchObject({ summary: 'Boltzmann machine · 7 units · 21 couplings' });
  });

  it('train --data BUILTIN on a project twice stores the builtin once and both runs use it', async () => {
    const dir = scratch();
    const project = await newProject(dir, '--diagram', XOR_DIAGRAM);
    const runs: string[] = [];
    for (let k = 0; k < 2; k++) {
      const outcome = await attractor(['train', project, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '5']);
      expect(outcome.code, outcome.stderr).toBe(0);
      runs.push(JSON.parse(outcome.stdout).runId);
    }
    const datasets = JSON.parse((await cli(['data', 'list', project])).stdout) as { id: string; name: string }[];
    expect(datasets.map((d) => d.name)).toEqual(['XOR patterns']);
    const store = await openProject(project, { readOnly: true });
    try {
      expect((await store.listRuns()).map((run) => [run.id, run.datasetId]).sort()).toEqual(runs.map((id) => [id, datasets[0].id]).sort());
    } finally {
      await store.close();
    }
  }, 120_000);
});
