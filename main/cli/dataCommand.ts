/** attractor data list|import|export: the datasets of a project file. */
import { basename, extname } from 'node:path';
import { builtinDataset, builtinDatasetNames } from '../../engine/data/builtin';
import type { BinaryDataset } from '../../engine/data/dataset';
import { randomSplit } from '../../engine/data/split';
import { freshId } from '../../engine/diagram/ids';
import type { ImageShape } from '../../engine/diagram/types';
import { summarizeList } from '../../engine/text/boundedText';
import { exportDataset } from '../../projects/datasets/exportDataset';
import { importDataset, type ImportRequest } from '../../projects/datasets/importDataset';
import { DatasetImportError, ImportOptionError } from '../../projects/datasets/importError';
import { openProject } from '../../projects/storage/openProject';
import type { ProjectStore, StoredDatasetInfo } from '../../projects/types';
import { checkWriteTarget, FILE_LIMITS, readFileArgument, readTextFileArgument, writeFileArgument } from '../services/fileArguments';
import { parseArgs, UsageError, type ParsedArgs } from './args';
import { InputError } from './inputs';
import { openProjectToRead } from './openForReading';
import { note, writeStdout } from './output';

/** One dataset as `data list` and `data import` print it. */
export interface DatasetListing {
  id: string;
  name: string;
  width: number;
  rows: number;
  testRows: number;
  imageShape: ImageShape | null;
  labelled: boolean;
  labelNames: string[] | null;
  origin: BinaryDataset['origin'] | null;
  storedBytes: number;
}

const listing = (info: Omit<StoredDatasetInfo, 'preview' | 'previewLabels'>): DatasetListing => ({
  id: info.id,
  name: info.name,
  width: info.width,
  rows: info.rowCount,
  testRows: info.testCount,
  imageShape: info.imageShape ?? null,
  labelled: info.hasLabels,
  labelNames: info.labelNames ?? null,
  origin: info.origin ?? null,
  storedBytes: info.storedBytes,
});

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg']);

/** Opens a project, reporting refusals (missing, locked, newer, damaged) as one-line input errors. */
async function withStore<T>(file: string, readOnly: boolean, task: (store: ProjectStore) => Promise<T>): Promise<T> {
  const store = readOnly
    ? await openProjectToRead(file)
    : await openProject(file).catch((error: unknown) => {
        throw new InputError(error instanceof Error ? error.message : String(error));
      });
  try {
    // Holding the writer lock proves no live process runs them: a dead process's runs are marked, as every writer does.
    if (!readOnly) await store.markInterruptedRuns();
    return await task(store);
  } finally {
    await store.close();
  }
}

function numberOption(args: ParsedArgs, name: string): number | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number; got '${raw}'`);
  return value;
}

function shapeOption(args: ParsedArgs, name: string): ImageShape | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  const match = /^(\d+)\s*[x×]\s*(\d+)$/i.exec(raw.trim()) ?? /^(\d+)$/.exec(raw.trim());
  if (!match) throw new UsageError(`--${name} must be ROWSxCOLS (e.g. 28x28) or one number for a square; got '${raw}'`);
  const rows = Number(match[1]);
  return { rows, cols: match[2] === undefined ? rows : Number(match[2]) };
}

function labelColumnOption(raw: string | undefined): 'first' | 'last' | number | string | undefined {
  if (raw === undefined) return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** The import a command line describes: mnist, CSV files, image files or a built-in generator. */
async function importRequest(sources: string[], args: ParsedArgs): Promise<ImportRequest | BinaryDataset> {
  const common = { name: args.values.name, testFraction: numberOption(args, 'test-fraction'), seed: numberOption(args, 'seed') };
  const generate = args.values.generate;
  if (generate !== undefined) {
    if (sources.length > 0) throw new UsageError('give either --generate or files to import, not both');
    let dataset: BinaryDataset | undefined;
    try {
      dataset = builtinDataset(generate);
    } catch (error) {
      throw new UsageError(`--generate ${generate}: ${(error as Error).message}`);
    }
    if (!dataset) throw new UsageError(`--generate: unknown generator '${generate}'; use one of ${builtinDatasetNames().join(', ')} (options as name:key=value,…)`);
    const named = { ...dataset, id: freshId('dataset'), name: common.name ?? dataset.name };
    const { testFraction = 0, seed = 1 } = common;
    if (!(testFraction >= 0 && testFraction < 1)) throw new UsageError(`--test-fraction must be at least 0 and below 1; got ${testFraction}`);
    return testFraction > 0 ? randomSplit(named, testFraction, seed) : named;
  }
  if (sources.length === 0) throw new UsageError('data import needs a CSV file, image files, mnist, or --generate NAME');
  if (sources.length === 1 && sources[0].toLowerCase() === 'mnist') {
    const size = shapeOption(args, 'size');
    if (!size || size.rows !== size.cols) throw new UsageError('mnist needs --size N (square images, e.g. --size 8)');
    const digits = args.values.digits?.split(',').map((d) => Number(d.trim()));
    return {
      source: 'mnist',
      size: size.rows,
      name: common.name,
      threshold: numberOption(args, 'threshold'),
      trainPerClass: numberOption(args, 'train-per-class'),
      testPerClass: numberOption(args, 'test-per-class'),
      ...(digits ? { digits } : {}),
    };
  }
  const images = sources.filter((s) => IMAGE_EXTENSIONS.has(extname(s).toLowerCase()));
  if (images.length === sources.length) {
    const files = [];
    for (const path of images) files.push({ name: basename(path), bytes: await readFileArgument(path, FILE_LIMITS.image) });
    const ink = args.values.ink;
    if (ink !== undefined && ink !== 'dark' && ink !== 'light') throw new UsageError(`--ink must be dark or light; got '${ink}'`);
    return { source: 'images', files, ...common, threshold: numberOption(args, 'threshold'), ink, size: shapeOption(args, 'size'), requireBinary: args.flags.has('require-binary') };
  }
  if (sources.length > 1 || images.length > 0) throw new UsageError('import one CSV file, or only PNG/JPEG images');
  const text = await readTextFileArgument(sources[0], FILE_LIMITS.csv);
  return { source: 'csv', fileName: basename(sources[0]), text, ...common, labelColumn: labelColumnOption(args.values['label-column']), imageShape: shapeOption(args, 'image-shape') };
}

async function importCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {
    values: ['name', 'label-column', 'image-shape', 'test-fraction', 'seed', 'threshold', 'ink', 'size', 'train-per-class', 'test-per-class', 'digits', 'generate'],
    flags: ['require-binary'],
  });
  const [file, ...sources] = args.positionals;
  if (!file) throw new UsageError('data import needs a project FILE');
  const started = performance.now();
  const request = await importRequest(sources, args);
  let dataset: BinaryDataset;
  try {
    dataset = 'source' in request ? await importDataset(request) : request;
  } catch (error) {
    if (error instanceof DatasetImportError) throw new InputError(error.message);
    if (error instanceof ImportOptionError) throw new UsageError(error.message);
    throw error;
  }
  const parsed = performance.now();
  await withStore(file, false, (store) => store.putDataset(dataset));
  const stored = performance.now();
  note(`imported ${dataset.rowCount} rows × ${dataset.width} bits into ${file} (read ${((parsed - started) / 1000).toFixed(2)} s, stored ${((stored - parsed) / 1000).toFixed(2)} s)`);
  const storedBytes = Math.ceil((dataset.rowCount * dataset.width) / 8);
  const testCount = dataset.split ? dataset.split.reduce((sum, bit) => sum + bit, 0) : 0;
  await writeStdout(`${JSON.stringify(listing({ ...dataset, testCount, storedBytes, hasLabels: dataset.labels !== undefined }), null, 2)}\n`);
  return 0;
}

async function listCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, {});
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('data list needs a project FILE');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const infos = await withStore(file, true, (store) => store.listDatasetInfos(0));
  await writeStdout(`${JSON.stringify(infos.map(listing), null, 2)}\n`);
  return 0;
}

async function exportCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['out', 'format', 'encoding', 'max-rows', 'scale'], flags: ['force'] });
  const [file, select, ...extra] = args.positionals;
  if (!file || !select) throw new UsageError('data export needs a project FILE and a DATASET (name or id)');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const out = args.values.out;
  const format = args.values.format ?? (out && extname(out).toLowerCase() === '.png' ? 'png' : 'csv');
  if (format !== 'csv' && format !== 'png') throw new UsageError(`--format must be csv or png; got '${format}'`);
  const encoding = args.values.encoding;
  if (encoding !== undefined && encoding !== '01' && encoding !== 'pm1') throw new UsageError(`--encoding must be 01 or pm1; got '${encoding}'`);
  if (out) await checkWriteTarget(out, args.flags.has('force'), 'pass --force');
  const dataset = await withStore(file, true, async (store) => {
    const infos = await store.listDatasetInfos(0);
    const matches = infos.filter((d) => d.id === select || d.name === select);
    if (matches.length !== 1) {
      const names = summarizeList(infos.map((d) => `'${d.name}' (${d.id})`), { maxItems: 5, separator: ', ' }) || 'none';
      throw new InputError(`${file}: ${matches.length === 0 ? `no dataset '${select}'` : `${matches.length} datasets are named '${select}'; give its id`}; datasets: ${names}`);
    }
    return (await store.getDataset(matches[0].id))!;
  });
  let exported;
  try {
    exported = exportDataset(dataset, { format, encoding, maxRows: numberOption(args, 'max-rows'), scale: numberOption(args, 'scale') });
  } catch (error) {
    if (error instanceof ImportOptionError) throw new UsageError(error.message);
    throw error;
  }
  if (out) {
    await writeFileArgument(out, exported.bytes, args.flags.has('force'), 'pass --force');
    note(`wrote ${dataset.rowCount} rows of '${dataset.name}' to ${out} (${exported.bytes.length} bytes)`);
  } else {
    await new Promise<void>((resolve, reject) => process.stdout.write(exported.bytes, (error) => (error ? reject(error) : resolve())));
  }
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { list: listCommand, import: importCommand, export: exportCommand };

/** attractor data list|import|export … */
export async function dataCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub === undefined ? undefined : SUBCOMMANDS[sub];
  if (!run) throw new UsageError(`data needs list, import or export${sub === undefined ? '' : `; got '${sub}'`}`);
  return run(rest);
}

/** The help text of the data commands, for the CLI's HELP. */
export const DATA_HELP = `  attractor data list FILE
      Prints the project's datasets as JSON: id, name, width, rows, testRows, imageShape, labelled, labelNames,
      origin, storedBytes.
  attractor data import FILE (CSV | IMAGE... | mnist | --generate NAME[:key=value,...]) [--name NAME]
      Adds a dataset to the project (one transaction: a refused file leaves nothing) and prints it as JSON.
      CSV: 0/1 or -1/1 rows, header line allowed; --label-column first|last|N|HEADER, --image-shape RxC.
      IMAGE: PNG/JPEG files, one pattern each: --threshold T (0-1, default 0.5), --ink dark|light (which pixels
      are 1, default dark), --size RxC (resize all), --require-binary (refuse grey pixels, naming the pixel).
      mnist: the mnist package's digits, --size N (1-28), --threshold T (default 0.25), --train-per-class N
      (default 700), --test-per-class N (default 150), --digits 0,1,…; stored with its fixed train/test split.
      --generate: a built-in, with options as NAME:key=value,… (e.g. hinton-bars:count=500,seed=2); NAME is one of
      ${builtinDatasetNames().join(', ')}.
      --test-fraction F --seed S mark a random share F of the rows as test rows.
  attractor data export FILE DATASET [--out PATH [--force]] [--format csv|png] [--encoding 01|pm1] [--max-rows N] [--scale N]
      Writes a dataset (name or id) as CSV (labels last) or a PNG contact sheet (1 bits black), to PATH or stdout;
      an existing PATH is replaced only with --force.
`;
