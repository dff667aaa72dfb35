import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../../../main/api/contract';
import { FILE_LIMITS } from '../../../main/services/fileArguments';
import { expectBoundedMessage, pathCorpus, promptly } from '../pathCorpus';
import { pngWithHeader } from '../../projects/datasets/craftedImages';
import { errorOf, servicesPerTest, tempDirsPerTest, valueOf } from '../helpers';

const services = servicesPerTest();
const tempDir = tempDirsPerTest('paths');

async function withProject() {
  const made = services();
  valueOf(await made.services.handle('project:new', undefined));
  return made.services;
}

/** The refusal of a call that must fail: within the time guard, one bounded line, no file content beyond a cell. */
async function refusal(call: Promise<ApiResult<unknown>>, what: string, content?: string) {
  const error = errorOf(await promptly(call, what));
  expectBoundedMessage(error.message, content);
  return error;
}

describe('file arguments from the client', () => {
  it('dataset:import of a CSV path refuses devices, a FIFO, a folder, a missing, oversize, binary or passwd-like file', async () => {
    const api = await withProject();
    const corpus = pathCorpus(tempDir(), '.csv', FILE_LIMITS.csv.maxBytes);
    const messages: Record<string, string> = {};
    for (const { name, path, content } of corpus) {
      const error = await refusal(api.handle('dataset:import', { source: 'csv', fileName: 'x.csv', path }), `dataset:import of ${name}`, content);
      messages[name] = `${error.code}: ${error.message.replace(path, 'PATH')}`;
    }
    expect(messages).toEqual({
      '/dev/zero': 'invalid-argument: PATH is a character device, not a file; choose a CSV file.',
      '/dev/null': 'invalid-argument: PATH is a character device, not a file; choose a CSV file.',
      'a FIFO': 'invalid-argument: PATH is a named pipe (FIFO), not a file; choose a CSV file.',
      'a folder': 'invalid-argument: PATH is a folder, not a file; choose a CSV file.',
      'a missing file': 'not-found: PATH: no such file',
      'a file over the size limit': 'invalid-argument: PATH is 268,435,457 bytes, over the 268,435,456-byte limit for a CSV file.',
      'a binary file': expect.stringMatching(/^invalid-data: x\.csv: Row \d+, column \d+/),
      'passwd-like text': "invalid-data: x.csv: Row 2, column 1: 'daemon:x:1:1:daemon…' is not a number",
    });
    expect(valueOf(await api.handle('dataset:list', undefined))).toEqual([]);
  });

  it('project:importDiagram of a path refuses the same corpus; fs:list refuses each as a folder', async () => {
    const api = await withProject();
    for (const { name, path, content } of pathCorpus(tempDir(), '.json', FILE_LIMITS.diagram.maxBytes)) {
      const error = await refusal(api.handle('project:importDiagram', { path }), `project:importDiagram of ${name}`, content);
      expect(error.code).toMatch(/^(invalid-argument|not-found|invalid-diagram)$/);
      if (name !== 'a folder') await refusal(api.handle('fs:list', { path }), `fs:list of ${name}`, content);
    }
  });

  it('dataset:import and previewImage refuse a PNG bomb from its header and an image payload over the size limit', async () => {
    const api = await withProject();
    const bomb = { name: 'bomb.png', base64: pngWithHeader(30000, 30000, 1024 * 1024).toString('base64') };
    const expected = { code: 'invalid-data', message: 'bomb.png is 30,000×30,000 pixels, over the limit of 4096×4096 (16,777,216 pixels); scale it down first.' };
    expect(errorOf(await api.handle('dataset:import', { source: 'images', files: [bomb] }))).toEqual(expected);
    expect(errorOf(await api.handle('dataset:previewImage', { file: bomb }))).toEqual(expected);
    const huge = { name: 'huge.png', base64: Buffer.alloc(FILE_LIMITS.image.maxBytes + 3).toString('base64') };
    expect(errorOf(await api.handle('dataset:import', { source: 'images', files: [huge] }))).toEqual({ code: 'invalid-argument', message: "'huge.png' is 33,554,435 bytes, over the 33,554,432-byte limit for an image file." });
  });

  it('a diagram file starting with a UTF-8 byte-order mark imports', async () => {
    const api = await withProject();
    const path = join(tempDir(), 'bom.diagram.json');
    writeFileSync(path, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync('projects/examples/xor-boltzmann.diagram.json')]));
    expect(valueOf(await api.handle('project:importDiagram', { path })).name).toBe('XOR Boltzmann machine');
  });
});

describe('exports never replace a file unasked', () => {
  it('dataset:export to an existing file is refused with exists unless overwrite; folders and devices never', async () => {
    const api = await withProject();
    const info = valueOf(await api.handle('dataset:generate', { generator: 'bars-stripes', options: { size: 3 } }));
    const dir = tempDir();
    const path = join(dir, 'rows.csv');
    writeFileSync(path, 'keep me');
    expect(errorOf(await api.handle('dataset:export', { datasetId: info.id, format: 'csv', path }))).toEqual({
      code: 'exists',
      message: `${path} already exists; choose another name, or pass overwrite: true to replace it.`,
    });
    expect(readFileSync(path, 'utf8')).toBe('keep me');
    expect(valueOf(await api.handle('dataset:export', { datasetId: info.id, format: 'csv', path, overwrite: true })).path).toBe(path);
    expect(readFileSync(path, 'utf8')).toMatch(/^x1,/);
    const folder = join(dir, 'folder');
    mkdirSync(folder);
    expect(errorOf(await api.handle('dataset:export', { datasetId: info.id, format: 'csv', path: folder, overwrite: true }))).toEqual({
      code: 'invalid-argument',
      message: `${folder} is a folder, not a file; choose a file name to write to.`,
    });
    expect(errorOf(await api.handle('dataset:export', { datasetId: info.id, format: 'csv', path: '/dev/null', overwrite: true })).message).toMatch(/is a character device, not a file/);
    expect(errorOf(await api.handle('dataset:export', { datasetId: info.id, format: 'csv', path: join(dir, 'no', 'such', 'x.csv') }))).toMatchObject({ code: 'io', message: expect.stringMatching(/its folder does not exist/) });
  });

  it('project:exportDiagram to an existing file is refused with exists unless overwrite', async () => {
    const api = await withProject();
    const diagramId = valueOf(await api.handle('project:openExample', { exampleId: 'xor-boltzmann' })).diagrams[0].id;
    const path = join(tempDir(), 'xor.json');
    expect(valueOf(await api.handle('project:exportDiagram', { diagramId, path })).path).toBe(path);
    const first = readFileSync(path, 'utf8');
    const refused = errorOf(await api.handle('project:exportDiagram', { diagramId, path }));
    expect(refused).toEqual({ code: 'exists', message: `${path} already exists; choose another name, or pass overwrite: true to replace it.` });
    expect(valueOf(await api.handle('project:exportDiagram', { diagramId, path, overwrite: true })).path).toBe(path);
    expect(readFileSync(path, 'utf8')).toBe(first);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });
});
