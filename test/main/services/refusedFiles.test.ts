import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { PROJECT_SCHEMA_VERSION } from '../../../projects/types';
import { errorOf, openXorExample, servicesPerTest, valueOf } from '../helpers';

// Acceptance: through the API, a damaged, foreign or newer file is refused with a message and left byte-for-byte unchanged
// (no side file created either); the same project cannot be opened for writing twice.

const makeServices = servicesPerTest();
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Hashes of every file in the folder, by name. */
const folderState = (dir: string) => Object.fromEntries(readdirSync(dir).sort().map((name) => [name, sha256(join(dir, name))]));

describe('refused project files', () => {
  it('refuses non-SQLite, newer-schema and damaged files through project:open, leaving the folder byte-for-byte as it was', async () => {
    const { services, dataDir } = makeServices();
    await openXorExample(services);
    const saved = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'source') })).path as string;
    valueOf(await services.handle('project:close', undefined));
    const dir = join(dataDir, 'refused');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.attractor'), 'definitely not a database\n'.repeat(40));
    copyFileSync(saved, join(dir, 'newer.attractor'));
    const db = await SqliteDatabase.open(join(dir, 'newer.attractor'), 'readwrite');
    await db.exec(`PRAGMA journal_mode = DELETE; PRAGMA user_version = ${PROJECT_SCHEMA_VERSION + 1}`);
    await db.close();
    copyFileSync(saved, join(dir, 'damaged.attractor'));
    truncateSync(join(dir, 'damaged.attractor'), Math.floor(readFileSync(saved).length / 2));
    const before = folderState(dir);

    const refusals = {
      'notes.attractor': ['project-refused', /not an Attractor Studio project: it is not an SQLite database/],
      'newer.attractor': ['project-refused', new RegExp(`newer version of Attractor Studio \\(schema ${PROJECT_SCHEMA_VERSION + 1}\\).*update the app`)],
      'damaged.attractor': ['damaged', /is damaged and cannot be opened.*backup/],
    } as const;
    for (const [name, [code, message]] of Object.entries(refusals)) {
      const error = errorOf(await services.handle('project:open', { path: join(dir, name) }));
      expect(error.code, name).toBe(code);
      expect(error.message, name).toMatch(message);
    }
    expect(folderState(dir)).toEqual(before);
    expect(valueOf(await services.handle('project:get', undefined))).toBeNull();
  });

  it('opens a project for writing in one place only: a second session is refused and the first keeps working', async () => {
    const first = makeServices();
    await openXorExample(first.services);
    const path = valueOf(await first.services.handle('project:saveAs', { path: join(first.dataDir, 'shared') })).path as string;
    const second = makeServices();
    const refused = errorOf(await second.services.handle('project:open', { path }));
    expect(refused).toMatchObject({ code: 'project-refused', message: expect.stringMatching(/already open for editing in this session.*read-only/) });
    const diagram = valueOf(await first.services.handle('project:get', undefined))!.diagrams[0];
    valueOf(await first.services.handle('diagram:put', { diagram: { ...diagram, name: 'first writer' } }));
    valueOf(await first.services.handle('project:close', undefined));
    expect(valueOf(await second.services.handle('project:open', { path })).diagrams[0].name).toBe('first writer');
  });
});
