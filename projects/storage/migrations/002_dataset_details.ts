import type { Migration } from './types';

/**
 * Schema v2: a dataset's train/test split (packed bits like datasets.bits, 1 = test row; NULL = every row trains),
 * the names of its label values (JSON array of strings) and how it was made (JSON {method, settings}).
 */
export const migration002DatasetDetails: Migration = {
  version: 2,
  description: 'dataset splits, label names and origin',
  async up(sql) {
    await sql.exec(`
      ALTER TABLE datasets ADD COLUMN split BLOB;
      ALTER TABLE datasets ADD COLUMN label_names TEXT;
      ALTER TABLE datasets ADD COLUMN origin TEXT;
    `);
  },
};
