import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { createProject } from '../../../projects/storage/openProject';
import { damageDatasetIndex, labelledDataset, sampleRun, sha256, unitDiagram, writeSmallProject } from '../../projects/helpers';
import { errorOf, servicesPerTest, valueOf } from '../helpers';

// Through the API: damage inside a stored value is answered as 'damaged' (which run, which step) instead of 'internal';
// a file that fails the integrity check, or sits in a read-only place, opens read-only saying why, and refuses writes
// in one line naming the reason.

const makeServices = servicesPerTest();

async function makeProjectFile(dir: string): Promise<string> {
  const path = join(dir, 'kept.attractor');
  await writeSmallProject(path, 'Kept', 'r3', 120);
  return path;
}

const oneLine = (message: string) => !message.includes('\n') && message.length <= 300;

describe('damaged and read-only projects through the API', () => {
  it("answers run:metrics over a changed metric row with 'damaged', naming run and step, not 'internal: … JSON at position'", async () => {
    const { services, dataDir } = makeServices();
    const path = await makeProjectFile(dataDir);
    valueOf(await services.handle('project:open', { path }));
    // Another program (or a disk fault) changes one byte of the row at step 88 while the project is open.
    const other = await SqliteDatabase.open(path, 'readwrite');
    await other.exec(`UPDATE metrics SET json = substr(json, 1, 5) || '#' || substr(json, 7) WHERE step = 88`);
    await other.close();
    const error = errorOf(await services.handle('run:metrics', { runId: 'r3' }));
    expect(error).toEqual({
      code: 'damaged',
      message: "run r3's metrics at step 88 are damaged (checksum mismatch); the file was not changed — open a backup, or export what is intact",
    });
    expect(valueOf(await services.handle('run:metrics', { runId: 'r3', toStep: 87 }))).toHaveLength(87);

    // Reopened with the damage in the file, the project still opens (the run is listed without its series).
    valueOf(await services.handle('project:close', undefined));
    const reopened = valueOf(await services.handle('project:open', { path }));
    expect(reopened.runs.map((run) => [run.id, run.metrics.length])).toEqual([['r3', 0]]);
    expect(errorOf(await services.handle('run:metrics', { runId: 'r3' })).code).toBe('damaged');
  });

  it('opens a file that fails the integrity check read-only, says so, refuses edits and exports an intact copy with Save As', async () => {
    const { services, dataDir } = makeServices();
    const path = await makeProjectFile(dataDir);
    await damageDatasetIndex(path);
    const hash = sha256(path);
    const snapshot = valueOf(await services.handle('project:open', { path }));
    expect(snapshot).toMatchObject({ readOnly: true, readOnlyNotice: 'damaged: opened read-only — export what you need with Save As / export' });
    expect(snapshot.diagrams).toHaveLength(1);
    const refused = errorOf(await services.handle('diagram:put', { diagram: { ...snapshot.diagrams[0], name: 'edited' } }));
    expect(refused.code).toBe('read-only');
    expect(refused.message).toBe('kept.attractor is read-only: the file is damaged; nothing was changed — save a copy with Save As to make changes.');

    const copy = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'rescued') }));
    expect(copy).toMatchObject({ readOnly: false, path: join(dataDir, 'rescued.attractor') });
    expect(copy.readOnlyNotice).toBeUndefined();
    valueOf(await services.handle('diagram:put', { diagram: { ...copy.diagrams[0], name: 'edited' } }));
    valueOf(await services.handle('project:close', undefined));
    expect(sha256(path)).toBe(hash);
  });

  it('opens a file whose diagram row fails its checksum (integrity_check passes) read-only, leaving that diagram out and saving the rest', async () => {
    const { services, dataDir } = makeServices();
    const path = join(dataDir, 'kept.attractor');
    const store = await createProject(path, 'Kept');
    await store.putDiagram(unitDiagram('whole'));
    await store.putDiagram(unitDiagram('hit'));
    await store.putDataset(labelledDataset());
    await store.close();
    // A value changed in place (a disk fault, another program): the page stays well-formed, only the checksum tells.
    const other = await SqliteDatabase.open(path, 'readwrite');
    await other.exec(`UPDATE diagrams SET json = replace(json, '"name":', '"name" :') WHERE id = 'hit'`);
    await other.exec('PRAGMA journal_mode = DELETE');
    await other.close();
    const hash = sha256(path);

    const snapshot = valueOf(await services.handle('project:open', { path }));
    expect(snapshot.readOnly).toBe(true);
    expect(snapshot.readOnlyNotice).toBe('damaged: opened read-only — export what you need with Save As / export; left out as damaged: 1 record (diagram "hit")');
    expect(snapshot.diagrams.map((d) => d.id)).toEqual(['whole']);
    expect(snapshot.datasets.map((d) => d.id)).toEqual(['digits']);
    expect(errorOf(await services.handle('diagram:delete', { diagramId: 'whole' })).code).toBe('read-only');

    const copy = valueOf(await services.handle('project:saveAs', { path: join(dataDir, 'rescued') }));
    expect(copy.readOnly).toBe(false);
    valueOf(await services.handle('project:close', undefined));
    expect(sha256(path)).toBe(hash);
  });

  it("shows a dead process's running run as interrupted in a read-only project, without writing the mark", async () => {
    const { services, dataDir } = makeServices();
    const path = join(dataDir, 'left.attractor');
    const store = await createProject(path, 'Left running');
    await store.putDiagram(unitDiagram());
    await store.putRun(sampleRun('r9', 'running'));
    await store.close();
    chmodSync(path, 0o444);
    try {
      const hash = sha256(path);
      const snapshot = valueOf(await services.handle('project:open', { path }));
      expect(snapshot.readOnly).toBe(true);
      expect(snapshot.runs.map((run) => [run.id, run.status])).toEqual([['r9', 'interrupted']]);
      expect(valueOf(await services.handle('run:get', { runId: 'r9' })).status).toBe('interrupted');
      valueOf(await services.handle('project:close', undefined));
      expect(sha256(path)).toBe(hash);
    } finally {
      chmodSync(path, 0o644);
    }
  });

  it('opens a 0444 file read-only with the reason, refusing writes in one line (not SQLITE_READONLY)', async () => {
    const { services, dataDir } = makeServices();
    const path = await makeProjectFile(dataDir);
    chmodSync(path, 0o444);
    try {
      const snapshot = valueOf(await services.handle('project:open', { path }));
      expect(snapshot).toMatchObject({ readOnly: true, readOnlyNotice: 'read-only: the file is read-only' });
      const refused = errorOf(await services.handle('run:delete', { runId: 'r3' }));
      expect(refused.code).not.toBe('internal');
      expect(oneLine(refused.message)).toBe(true);
      expect(refused.message).not.toMatch(/SQLITE_READONLY/);
      const renamed = errorOf(await services.handle('diagram:put', { diagram: { ...snapshot.diagrams[0], name: 'x' } }));
      expect(renamed).toEqual({ code: 'read-only', message: 'kept.attractor is read-only: the file is read-only; nothing was changed — save a copy with Save As to make changes.' });
      valueOf(await services.handle('project:close', undefined));
      expect(readdirSync(dataDir).filter((name) => name.startsWith('kept'))).toEqual(['kept.attractor']);
    } finally {
      chmodSync(path, 0o644);
    }
  });
});
