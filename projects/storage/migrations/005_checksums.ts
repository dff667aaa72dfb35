import type { Migration } from './types';

/**
 * Schema v5: a CRC-32 checksum beside every JSON and BLOB row (integrity.ts says what each covers), verified on read so
 * damage inside a value is reported as damage. NULL: the row was written before v5 and is read unverified.
 */
export const migration005Checksums: Migration = {
  version: 5,
  description: 'row checksums',
  async up(sql) {
    await sql.exec(`
      ALTER TABLE diagrams ADD COLUMN checksum INTEGER;
      ALTER TABLE datasets ADD COLUMN checksum INTEGER;
      ALTER TABLE runs ADD COLUMN checksum INTEGER;
      ALTER TABLE metrics ADD COLUMN checksum INTEGER;
      ALTER TABLE checkpoints ADD COLUMN checksum INTEGER;
      ALTER TABLE outputs ADD COLUMN checksum INTEGER;
    `);
  },
};
