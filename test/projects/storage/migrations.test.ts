import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { APP_META_ID, APPLICATION_ID } from '../../../projects/storage/fileFormat';
import { migrate, MIGRATIONS, REQUIRED_TABLES } from '../../../projects/storage/migrations';
import { PROJECT_SCHEMA_VERSION } from '../../../projects/types';
import { makeTempDir } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('migrations', () => {
  it('are numbered 1..N without gaps and end at PROJECT_SCHEMA_VERSION', () => {
    expect(MIGRATIONS.map((migration) => migration.version)).toEqual(Array.from({ length: MIGRATIONS.length }, (_, i) => i + 1));
    expect(MIGRATIONS[MIGRATIONS.length - 1].version).toBe(PROJECT_SCHEMA_VERSION);
  });

  it('bring an empty database to the current schema, stamped with our ids, and are idempotent', async () => {
    const db = await SqliteDatabase.open(join(temp.dir, 'm.db'), 'create');
    expect(await migrate(db, 0)).toBe(PROJECT_SCHEMA_VERSION);
    expect(await db.get('PRAGMA user_version')).toEqual({ user_version: PROJECT_SCHEMA_VERSION });
    expect(await db.get('PRAGMA application_id')).toEqual({ application_id: APPLICATION_ID });
    const tables = (await db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)).map((row) => row.name);
    expect(tables).toEqual([...REQUIRED_TABLES].sort());
    expect(await db.all('SELECT key, value FROM meta ORDER BY key')).toEqual([
      { key: 'app', value: APP_META_ID },
      { key: 'schema_version', value: String(PROJECT_SCHEMA_VERSION) },
    ]);
    expect(await migrate(db, PROJECT_SCHEMA_VERSION)).toBe(PROJECT_SCHEMA_VERSION);
    await db.close();
  });
});
