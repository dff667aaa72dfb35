import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { builtinDataset, builtinDatasetNames } from '../../engine/data/builtin';
import { parseDatasetCsv } from '../../engine/data/csv';
import type { BinaryDataset } from '../../engine/data/dataset';
import { parseDiagramText } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import { openProjectToRead } from './openForReading';
import { PROJECT_EXTENSION } from '../../projects/types';
import { summarizeList } from '../../engine/text/boundedText';
import { FILE_LIMITS, FileArgumentError, readTextFileArgument } from '../services/fileArguments';

/** An input problem reported as one line on stderr with exit code 1. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** Whether `file` is a project: the .attractor extension, or an SQLite file (only a regular file's header is read: a FIFO must not block). */
export async function isProjectFile(file: string): Promise<boolean> {
  if (extname(file).toLowerCase() === PROJECT_EXTENSION) return true;
  if (!(await stat(file)).isFile()) return false;
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(16), 0, 16, 0);
    return bytesRead === 16 && buffer.toString('latin1') === SQLITE_HEADER;
  } finally {
    await handle.close();
  }
}

function fileProblem(file: string, error: unknown): InputError {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return new InputError(`${file}: no such file`);
  if (code === 'EISDIR') return new InputError(`${file}: is a folder, not a file`);
  return new InputError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
}

/** The diagram in a diagram JSON file, or in a project file (its first diagram, or the one named/id'd by `select`). */
export async function loadDiagram(file: string, select?: string): Promise<Diagram> {
  let project: boolean;
  try {
    project = await isProjectFile(file);
  } catch (error) {
    throw fileProblem(file, error);
  }
  if (project) {
    const store = await openProjectToRead(file);
    try {
      const diagrams = await store.listDiagrams();
      const chosen = select === undefined ? diagrams[0] : diagrams.find((d) => d.id === select || d.name === select);
      if (!chosen) {
        const names = diagrams.map((d) => `'${d.name}' (${d.id})`).join(', ') || 'none';
        throw new InputError(`${file}: ${select === undefined ? 'the project has no diagram' : `no diagram '${select}'`}; diagrams: ${names}`);
      }
      return chosen;
    } finally {
      await store.close();
    }
  }
  if (select !== undefined) throw new InputError(`--diagram applies to project files; ${file} is a diagram file`);
  return readDiagramJson(file);
}

/** The diagram in a diagram JSON file (a regular file within FILE_LIMITS.diagram), or an InputError naming its first problems. */
export async function readDiagramJson(file: string): Promise<Diagram> {
  const parsed = parseDiagramText(await readTextFileArgument(file, FILE_LIMITS.diagram));
  if (!parsed.ok) throw new InputError(`${file}: ${summarizeList(parsed.errors.map((e) => `${e.path}: ${e.message}`))}`);
  return parsed.diagram;
}

/**
 * A builtin dataset by name, or a CSV file of 0/1 (or ±1) rows checked against the model's visible width; `labelColumn`
 * names the CSV column of class labels (first, last, a 1-based number or a header name).
 */
export async function loadDataset(spec: string, visibleWidth: number, labelColumn?: string): Promise<BinaryDataset> {
  const builtin = builtinDataset(spec);
  if (builtin) return builtin;
  const text = await readTextFileArgument(spec, FILE_LIMITS.csv).catch((error: unknown) => {
    if (error instanceof FileArgumentError && error.reason === 'not-found') {
      throw new InputError(`${spec}: no such file, and not a builtin dataset (builtins: ${builtinDatasetNames().join(', ')})`);
    }
    throw error;
  });
  const column = labelColumn !== undefined && /^\d+$/.test(labelColumn) ? Number(labelColumn) : labelColumn;
  const parsed = parseDatasetCsv(text, { name: basename(spec), expectedWidth: visibleWidth, ...(column !== undefined ? { labelColumn: column } : {}) });
  if (!parsed.ok) {
    throw new InputError(`${spec}: ${parsed.error.message}`);
  }
  return parsed.dataset;
}
