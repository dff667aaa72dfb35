/**
 * The Train panel's choice per diagram, in the meta table under `train-choice:<diagram id>` as JSON. An entry that does
 * not read as a choice (hand-edited, from a later version) is left out rather than failing the project.
 */
import type { TrainChoice } from '../types';
import type { SqlExecutor } from './db';

const PREFIX = 'train-choice:';

const isTexts = (value: unknown): value is Record<string, string> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');

/** The stored JSON as a choice, or undefined when it is not one. */
export function readTrainChoice(json: string): TrainChoice | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { algorithm, epochs, seed, config, datasetId } = value as Record<string, unknown>;
  if (typeof algorithm !== 'string' || typeof epochs !== 'string' || typeof seed !== 'string' || !isTexts(config)) return undefined;
  if (datasetId !== undefined && typeof datasetId !== 'string') return undefined;
  return { algorithm, epochs, seed, config: { ...config }, ...(datasetId !== undefined ? { datasetId } : {}) };
}

export async function listTrainChoices(sql: SqlExecutor): Promise<Record<string, TrainChoice>> {
  const rows = await sql.all<{ key: string; value: string }>(`SELECT key, value FROM meta WHERE key LIKE 'train-choice:%'`);
  const out: Record<string, TrainChoice> = {};
  for (const row of rows) {
    const choice = readTrainChoice(row.value);
    if (choice) out[row.key.slice(PREFIX.length)] = choice;
  }
  return out;
}

export async function putTrainChoice(sql: SqlExecutor, diagramId: string, choice: TrainChoice | null): Promise<void> {
  if (choice === null) {
    await sql.run('DELETE FROM meta WHERE key = ?', [PREFIX + diagramId]);
    return;
  }
  const { algorithm, epochs, seed, config, datasetId } = choice;
  const json = JSON.stringify({ algorithm, epochs, seed, config, ...(datasetId !== undefined ? { datasetId } : {}) });
  await sql.run('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [PREFIX + diagramId, json]);
}
