import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng } from '../../../projects/datasets/imageFiles';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { tempDirsPerTest } from '../helpers';
import { cli } from './inProcess';
import { attractor } from './spawnCli';

const scratch = tempDirsPerTest('cli-data');

async function newProject(): Promise<{ dir: string; file: string }> {
  const dir = scratch();
  const file = join(dir, 'p.attractor');
  await (await createProject(file, 'CLI datasets')).close();
  return { dir, file };
}

describe('attractor data', () => {
  it('refuses a bad CSV naming the row and column, storing nothing; imports a good one with labels', async () => {
    const { dir, file } = await newProject();
    writeFileSync(join(dir, 'bad.csv'), 'a,b,c\n0,1,1\n1,0,1\n0,1,2\n');
    const bad = await attractor(['data', 'import', file, join(dir, 'bad.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('attractor: bad.csv: Row 4, column 3: 2 is not a binary value; use 0/1 or −1/1');
    writeFileSync(join(dir, 'pets.csv'), 'x1,x2,kind\n0,1,cat\n1,1,dog\n1,0,cat\n');
    const good = await cli(['data', 'import', file, join(dir, 'pets.csv'), '--label-column', 'kind', '--name', 'Pets']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ name: 'Pets', width: 2, rows: 3, testRows: 0, labelled: true, labelNames: ['cat', 'dog'], storedBytes: 1 });
    const list = await cli(['data', 'list', file]);
    expect(JSON.parse(list.stdout).map((d: { name: string }) => d.name)).toEqual(['Pets']);
  });

  it('generates built-ins with a random split, imports images and MNIST with its split, and exports', async () => {
    const { dir, file } = await newProject();
    const bars = await cli(['data', 'import', file, '--generate', 'hinton-bars:count=20,seed=3', '--test-fraction', '0.25']);
    expect(bars.code).toBe(0);
    expect(JSON.parse(bars.stdout)).toMatchObject({ rows: 20, testRows: 5, imageShape: { rows: 4, cols: 4 }, origin: { method: 'hinton-bars' } });
    writeFileSync(join(dir, 'a.png'), encodeGrayPng(2, 2, Uint8Array.from([0, 255, 255, 0])));
    writeFileSync(join(dir, 'b.png'), encodeGrayPng(2, 2, Uint8Array.from([255, 255, 0, 0])));
    const images = await cli(['data', 'import', file, join(dir, 'a.png'), join(dir, 'b.png'), '--threshold', '0.5']);
    expect(JSON.parse(images.stdout)).toMatchObject({ rows: 2, width: 4, imageShape: { rows: 2, cols: 2 } });
    const mnist = await cli(['data', 'import', file, 'mnist', '--size', '8', '--train-per-class', '2', '--test-per-class', '1']);
    expect(JSON.parse(mnist.stdout)).toMatchObject({ name: 'MNIST digits 8×8', rows: 30, testRows: 10, width: 64, labelled: true });

    const store = await openProject(file, { readOnly: true });
    const imported = (await store.listDatasets())[1];
    await store.close();
    expect(Array.from(imported.bits)).toEqual([1, 0, 0, 1, 0, 0, 1, 1]);

    const csv = await cli(['data', 'export', file, imported.id, '--encoding', 'pm1']);
    expect(csv.stdout).toBe('x1,x2,x3,x4\n1,-1,-1,1\n-1,-1,1,1\n');
    const png = await cli(['data', 'export', file, 'MNIST digits 8×8', '--out', join(dir, 'digits.png'), '--max-rows', '10']);
    expect(png.code).toBe(0);
    expect(readFileSync(join(dir, 'digits.png')).subarray(1, 4).toString()).toBe('PNG');
    const missing = await cli(['data', 'export', file, 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no dataset 'nope'; datasets: 'Hinton's bars/);
    const usage = await cli(['data', 'import', file, 'mnist']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/mnist needs --size N/);
  });
});
