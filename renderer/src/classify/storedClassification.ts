/**
 * A classification read back from its stored infer jobs: each class run's inference output gives the per-row scores,
 * classify:rows the part's labels and the misclassified patterns (Saul & Jordan §4; Bishop et al. 1998).
 */
import type { AttractorApi, ClassifyRowPart } from '../../../main/api/contract';
import { classifyScores, scoreColumn, type Classification } from './classification';

/** Misclassified examples drawn at most (the counts cover every row). */
export const MAX_SHOWN_EXAMPLES = 64;

/** What one classification asked for: a model per class, the data part and the scoring method. */
export interface ClassifyRequest {
  datasetId: string;
  rows: ClassifyRowPart;
  /** Method as job:start takes it ('exact', 'mixture:3', …) and the per-row quantity it stores. */
  method: string;
  quantity: string;
  seed: number;
  /** One labelled joint model scores every class (classes[].diagramId is that model): each class's job appends its label units. */
  joint?: boolean;
  classes: { label: number; name: string; diagramId: string }[];
}

/** A finished classification: the request, the counts and the first misclassified rows as 0/1 strings. */
export interface ClassifyOutcome {
  request: ClassifyRequest;
  result: Classification;
  examples: { row: number; bits: string; trueClass: number; predictedClass: number }[];
}

/** Class k's per-row scores from its infer run's stored inference output, page by page. */
async function storedScores(api: AttractorApi, runId: string, quantity: string): Promise<Float64Array> {
  const outputs = await api.call('output:list', { runId });
  if (!outputs.ok) throw new Error(outputs.error.message);
  const table = outputs.value.find((o) => o.kind === 'inference');
  if (!table) throw new Error(`Infer run ${runId} stored no inference table; run the classification again`);
  const parts: Float64Array[] = [];
  let from = 0;
  for (;;) {
    const page = await api.call('output:get', { outputId: table.id, fromRow: from });
    if (!page.ok) throw new Error(page.error.message);
    const column = scoreColumn(page.value, quantity);
    parts.push(column);
    from += column.length;
    if (column.length === 0 || from >= (page.value.rows?.total ?? from)) break;
  }
  const all = new Float64Array(from);
  let at = 0;
  for (const part of parts) all.set(part, (at += part.length) - part.length);
  return all;
}

/** Decides every row from the class runs' stored scores and fetches the first misclassified patterns. */
export async function loadOutcome(api: AttractorApi, request: ClassifyRequest, runIds: string[]): Promise<ClassifyOutcome> {
  const scores = [];
  for (const runId of runIds) scores.push(await storedScores(api, runId, request.quantity));
  const truth = await api.call('classify:rows', { datasetId: request.datasetId, rows: request.rows });
  if (!truth.ok) throw new Error(truth.error.message);
  const result = classifyScores(scores, truth.value.labels, request.classes.map((c) => c.label));
  const shown = result.misclassified.slice(0, MAX_SHOWN_EXAMPLES);
  const rows = shown.length ? await api.call('classify:rows', { datasetId: request.datasetId, rows: request.rows, indices: shown }) : undefined;
  if (rows && !rows.ok) throw new Error(rows.error.message);
  const examples = shown.map((row, k) => ({ row, bits: rows!.ok ? rows!.value.rows[k] : '', trueClass: result.trueClass[row], predictedClass: result.predictedClass[row] }));
  return { request, result, examples };
}

