import type { Migration } from './types';

/** Schema v4: the user's note on a run ('' when none). Existing runs get no note. */
export const migration004RunNotes: Migration = {
  version: 4,
  description: 'run notes',
  async up(sql) {
    await sql.exec(`ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT '';`);
  },
};
