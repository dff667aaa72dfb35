import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng } from '../../../projects/datasets/imageFiles';
import { openProject } from '../../../projects/storage/openProject';
import { errorOf, nextEvent, servicesPerTest, tempDirsPerTest, valueOf } from '../helpers';

const services = servicesPerTest();
const tempDir = tempDirsPerTest('datasets');

async function withProject() {
  const made = services();
  valueOf(await made.services.handle('project:new', undefined));
  return made;
}

const base64Png = (rows: number, cols: number, f: (x: number, y: number) => number) =>
  encodeGrayPng(rows, cols, Uint8Array.from({ length: rows * cols }, (_, p) => f(p % cols, Math.floor(p / cols)))).toString('base64');

describe('dataset channels', () => {
  it('generate a built-in with options, list it, and announce the new snapshot', async () => {
    const { services: api } = await withProject();
    const generators = valueOf(await api.handle('dataset:generators', undefined));
    expect(generators.find((g) => g.name === 'hinton-bars')?.options.map((o) => o.key)).toEqual(['count', 'size', 'seed']);
    const changed = nextEvent(api, 'project:changed', (s) => s.datasets.length === 1);
    const info = valueOf(await api.handle('dataset:generate', { generator: 'hinton-bars', options: { count: 50, seed: 4 } }));
    expect(info).toMatchObject({ width: 16, rowCount: 50, imageShape: { rows: 4, cols: 4 }, hasLabels: true, labelNames: ['horizontal', 'vertical'], testCount: 0, storedBytes: 100 });
    expect(info.origin).toEqual({ method: 'hinton-bars', settings: { count: 50, size: 4, seed: 4 } });
    expect(info.preview).toHaveLength(24);
    expect(info.id).toMatch(/^dataset-/);
    expect((await changed).datasets[0]).toMatchObject({ id: info.id, rowCount: 50 });
    expect(valueOf(await api.handle('dataset:list', undefined))).toEqual([info]);
    const noisy = valueOf(await api.handle('dataset:generate', { generator: 'noisy', sourceDatasetId: info.id, options: { copies: 2, seed: 1 }, name: 'Noisy bars' }));
    expect(noisy).toMatchObject({ name: 'Noisy bars', rowCount: 100 });
    expect(errorOf(await api.handle('dataset:generate', { generator: 'parity', options: { n: 99 } }))).toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/from 1 to 16; got 99/) });
    expect(errorOf(await api.handle('dataset:generate', { generator: 'noisy', sourceDatasetId: 'nope' })).code).toBe('not-found');
  });

  it('import a bad CSV: refused as invalid-data naming the row and column, nothing stored', async () => {
    const { services: api } = await withProject();
    const error = errorOf(await api.handle('dataset:import', { source: 'csv', fileName: 'bad.csv', text: '0,1,1\n1,0,1\n1,1,x\n' }));
    expect(error).toEqual({ code: 'invalid-data', message: "bad.csv: Row 3, column 3: 'x' is not a number" });
    expect(valueOf(await api.handle('dataset:list', undefined))).toEqual([]);
    const ok = valueOf(await api.handle('dataset:import', { source: 'csv', fileName: 'good.csv', text: 'a,b,y\n0,1,cat\n1,1,dog\n', labelColumn: 'y' }));
    expect(ok).toMatchObject({ name: 'good', width: 2, rowCount: 2, labelNames: ['cat', 'dog'], previewLabels: [0, 1], preview: ['01', '11'] });
    expect(errorOf(await api.handle('dataset:import', { source: 'csv', fileName: 'a.csv', text: '0', testFraction: 2 })).code).toBe('invalid-argument');
  });

  it('imports a CSV from a path and images with a threshold preview', async () => {
    const { services: api } = await withProject();
    const dir = tempDir();
    const csvPath = join(dir, 'rows.csv');
    const fs = await import('node:fs/promises');
    await fs.writeFile(csvPath, '1 0\n0 1\n');
    expect(valueOf(await api.handle('dataset:import', { source: 'csv', fileName: '', path: csvPath }))).toMatchObject({ name: 'rows', rowCount: 2 });
    expect(errorOf(await api.handle('dataset:import', { source: 'csv', fileName: 'x.csv', path: join(dir, 'missing.csv') }))).toMatchObject({ code: 'not-found', message: expect.stringMatching(/no such file/) });

    const file = { name: 'ramp.png', base64: base64Png(2, 4, (x) => x * 80) };
    const preview = valueOf(await api.handle('dataset:previewImage', { file, threshold: 0.5 }));
    expect(preview).toMatchObject({ shape: { rows: 2, cols: 4 }, bits: '11001100', threshold: 0.5 });
    expect(Array.from(Buffer.from(preview.grayBase64, 'base64'))).toEqual([0, 80, 160, 240, 0, 80, 160, 240]);
    const imported = valueOf(await api.handle('dataset:import', { source: 'images', files: [file, { ...file, name: 'ramp2.png' }], threshold: 0.7 }));
    expect(imported).toMatchObject({ rowCount: 2, imageShape: { rows: 2, cols: 4 }, preview: ['11101110', '11101110'] });
    const bad = errorOf(await api.handle('dataset:import', { source: 'images', files: [file, { name: 'notes.txt', base64: Buffer.from('hi').toString('base64') }] }));
    expect(bad).toEqual({ code: 'invalid-data', message: 'notes.txt is not a PNG or JPEG image; convert it to one of those formats.' });
    expect(valueOf(await api.handle('dataset:list', undefined))).toHaveLength(2);
  });

  it('exports CSV and PNG as base64 or to a path, renames, and deletes only unused datasets', async () => {
    const { services: api } = await withProject();
    const info = valueOf(await api.handle('dataset:generate', { generator: 'bars-stripes', options: { size: 3 } }));
    const csv = valueOf(await api.handle('dataset:export', { datasetId: info.id, format: 'csv' }));
    expect(csv).toMatchObject({ fileName: 'Bars and stripes 3x3.csv', mime: 'text/csv' });
    expect(Buffer.from(csv.base64!, 'base64').toString('utf8').split('\n')[1]).toBe('0,0,0,0,0,0,0,0,0,stripes');
    const path = join(tempDir(), 'sheet.png');
    const png = valueOf(await api.handle('dataset:export', { datasetId: info.id, format: 'png', path }));
    expect(png).toMatchObject({ mime: 'image/png', path });
    expect(png.base64).toBeUndefined();
    expect(readFileSync(path).subarray(1, 4).toString()).toBe('PNG');
    expect(errorOf(await api.handle('dataset:export', { datasetId: info.id, format: 'gif' as 'png' })).code).toBe('invalid-argument');

    expect(valueOf(await api.handle('dataset:rename', { datasetId: info.id, name: '  Bars ✓ ' })).name).toBe('Bars ✓');
    expect(errorOf(await api.handle('dataset:rename', { datasetId: info.id, name: ' ' })).code).toBe('invalid-argument');
    expect(errorOf(await api.handle('dataset:rename', { datasetId: 'nope', name: 'x' })).code).toBe('not-found');
    valueOf(await api.handle('dataset:delete', { datasetId: info.id }));
    expect(valueOf(await api.handle('dataset:list', undefined))).toEqual([]);
    expect(errorOf(await api.handle('dataset:delete', { datasetId: info.id })).code).toBe('not-found');
  });

  it('refuses to delete a dataset a run uses, and needs an open project', async () => {
    const { services: api } = await withProject();
    valueOf(await api.handle('project:openExample', { exampleId: 'xor-boltzmann' }));
    const xor = valueOf(await api.handle('dataset:list', undefined))[0];
    expect(xor).toMatchObject({ id: 'xor', rowCount: 4 });
    const dir = tempDir();
    const saved = valueOf(await api.handle('project:saveAs', { path: join(dir, 'p') }));
    valueOf(await api.handle('project:close', undefined));
    const store = await openProject(saved.path!);
    await store.putRun({ id: 'r', kind: 'train', diagramId: 'd', datasetId: 'xor', algorithm: 'boltzmann-exact', config: {}, seed: 1, backend: 'cpu', status: 'completed', startedAt: 1, totalSteps: 1, lastStep: 1, activeSeconds: 0 });
    await store.close();
    valueOf(await api.handle('project:open', { path: saved.path! }));
    expect(errorOf(await api.handle('dataset:delete', { datasetId: 'xor' }))).toEqual({ code: 'busy', message: "Dataset 'xor' is used by 1 run; delete that run first." });
    valueOf(await api.handle('project:close', undefined));
    expect(errorOf(await api.handle('dataset:list', undefined)).code).toBe('no-project');
  });
});
