/** The dataset channels of the API: list, generate, import, preview, export, rename, delete. */
import { basename, resolve } from 'node:path';
import { generateDataset, generatorInfos } from '../../engine/data/builtin';
import type { BinaryDataset } from '../../engine/data/dataset';
import { freshId } from '../../engine/diagram/ids';
import { quoteCell } from '../../engine/text/boundedText';
import { exportDataset } from '../../projects/datasets/exportDataset';
import { importDataset, previewImage, type ImportRequest } from '../../projects/datasets/importDataset';
import { DatasetImportError, ImportOptionError } from '../../projects/datasets/importError';
import type { StoredDatasetInfo } from '../../projects/types';
import type { ApiChannels, ArgOf, DatasetImportRequest, DatasetInfo, ImageFilePayload, ResultOf } from '../api/contract';
import { ServiceError } from './errors';
import { FILE_LIMITS, overLimit, readTextFileArgument, writeFileArgument } from './fileArguments';
import type { ApiEventBus } from './eventBus';
import type { OpenProject, ProjectSession } from './projectSession';

/** Rows of each dataset the panel receives for its thumbnails. */
export const DATASET_PANEL_PREVIEW_ROWS = 24;

/** Largest export sent back through the API; bigger ones need a path (the WebSocket bridge takes 64 MB messages). */
export const MAX_EXPORT_BYTES = 32 * 1024 * 1024;

type DatasetChannel = Extract<keyof ApiChannels, `dataset:${string}`>;
type DatasetHandlers = { [C in DatasetChannel]: (arg: ArgOf<C>) => Promise<ResultOf<C>> };

const rowsAsText = (bits: Uint8Array, width: number, count: number): string[] =>
  Array.from({ length: count }, (_, row) => Array.from(bits.subarray(row * width, (row + 1) * width)).join(''));

/** The panel's view of a stored dataset. */
export function datasetInfoFromStored(info: StoredDatasetInfo): DatasetInfo {
  const shown = Math.min(info.rowCount, info.preview.length / info.width);
  return {
    id: info.id,
    name: info.name,
    width: info.width,
    rowCount: info.rowCount,
    ...(info.imageShape ? { imageShape: { ...info.imageShape } } : {}),
    preview: rowsAsText(info.preview, info.width, shown),
    testCount: info.testCount,
    storedBytes: info.storedBytes,
    hasLabels: info.hasLabels,
    ...(info.labelNames ? { labelNames: [...info.labelNames] } : {}),
    ...(info.origin ? { origin: { method: info.origin.method, settings: { ...info.origin.settings } } } : {}),
    ...(info.previewLabels ? { previewLabels: Array.from(info.previewLabels) } : {}),
  };
}

/** The panel's view of a dataset held in memory (just imported or generated). */
export function datasetInfoOf(dataset: BinaryDataset): DatasetInfo {
  const shown = Math.min(dataset.rowCount, DATASET_PANEL_PREVIEW_ROWS);
  return datasetInfoFromStored({
    ...dataset,
    testCount: dataset.split ? dataset.split.reduce((sum, bit) => sum + bit, 0) : 0,
    storedBytes: Math.ceil((dataset.width * dataset.rowCount) / 8),
    hasLabels: dataset.labels !== undefined,
    preview: dataset.bits.subarray(0, shown * dataset.width),
    ...(dataset.labels ? { previewLabels: dataset.labels.subarray(0, shown) } : {}),
  });
}

function requireObject<T>(arg: unknown, channel: DatasetChannel, shape: string): T {
  if (typeof arg !== 'object' || arg === null) throw new ServiceError('invalid-argument', `${channel} needs an argument ${shape}.`);
  return arg as T;
}

function requireString(value: unknown, channel: DatasetChannel, field: string): string {
  if (typeof value !== 'string' || value === '') throw new ServiceError('invalid-argument', `${channel} needs ${field} as a non-empty string.`);
  return value;
}

/** Bytes of a base64 image payload, refusing anything else by name. */
function imageBytes(file: ImageFilePayload, channel: DatasetChannel): Uint8Array {
  if (typeof file !== 'object' || file === null || typeof file.name !== 'string' || typeof file.base64 !== 'string') {
    throw new ServiceError('invalid-argument', `${channel}: every image needs { name, base64 }.`);
  }
  const bytes = Buffer.byteLength(file.base64, 'base64');
  if (bytes > FILE_LIMITS.image.maxBytes) {
    throw new ServiceError('invalid-argument', `${quoteCell(file.name, 60)} ${overLimit(bytes, FILE_LIMITS.image)}.`);
  }
  return Buffer.from(file.base64, 'base64');
}

/** Import and export problems as typed API errors: bad files are 'invalid-data', bad options 'invalid-argument'. */
async function asApiErrors<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatasetImportError) throw new ServiceError('invalid-data', error.message);
    if (error instanceof ImportOptionError) throw new ServiceError('invalid-argument', error.message);
    throw error;
  }
}

/** The projects layer's import request for an API request (CSV from a path read here, images decoded from base64). */
async function toImportRequest(arg: DatasetImportRequest): Promise<ImportRequest> {
  const request = requireObject<DatasetImportRequest>(arg, 'dataset:import', '{ source, … }');
  if (request.source === 'csv') {
    const fileName = request.fileName || (request.path ? basename(request.path) : undefined);
    if (typeof fileName !== 'string' || fileName === '') throw new ServiceError('invalid-argument', 'dataset:import of a CSV needs fileName (or a path).');
    let text = request.text;
    if (typeof request.path === 'string' && request.path !== '') {
      text = await readTextFileArgument(request.path, FILE_LIMITS.csv);
    }
    if (typeof text !== 'string') throw new ServiceError('invalid-argument', 'dataset:import of a CSV needs its text or a path.');
    const { path: _path, ...rest } = request;
    return { ...rest, fileName, text };
  }
  if (request.source === 'images') {
    if (!Array.isArray(request.files)) throw new ServiceError('invalid-argument', 'dataset:import of images needs files: [{ name, base64 }].');
    return { ...request, files: request.files.map((file) => ({ name: file.name, bytes: imageBytes(file, 'dataset:import'), ...(file.label ? { label: file.label } : {}) })) };
  }
  return request as ImportRequest;
}

/** Implements the dataset channels on the open project; every change is one transaction, then announced. */
export function createDatasetHandlers(session: ProjectSession, events: ApiEventBus): DatasetHandlers {
  /** Runs a store task on the open project. */
  const onProject = <T>(task: (project: OpenProject) => Promise<T>): Promise<T> => {
    const project = session.requireProject();
    return session.withProject(project, () => task(project));
  };

  /** Marks the project edited and sends the new snapshot, so every view (e.g. the training form's dataset list) updates. */
  const announce = async (project: OpenProject): Promise<void> => {
    const wasDirty = project.dirty;
    await session.markDirty(project);
    if (wasDirty) events.emit('project:changed', await session.snapshotOf(project));
  };

  const findDataset = async (project: OpenProject, datasetId: unknown, channel: DatasetChannel): Promise<BinaryDataset> => {
    const id = requireString(datasetId, channel, 'datasetId');
    const dataset = await project.store.getDataset(id);
    if (!dataset) throw new ServiceError('not-found', `No dataset with id '${id}' in this project.`);
    return dataset;
  };

  const store = async (dataset: BinaryDataset): Promise<DatasetInfo> =>
    onProject(async (project) => {
      await project.store.putDataset(dataset);
      await announce(project);
      return datasetInfoOf(dataset);
    });

  return {
    // A read: alongside other reads and run progress writes, not queued behind (and holding up) every edit.
    'dataset:list': () => {
      const project = session.requireProject();
      return session.alongside(project, async (store) => (await store.listDatasetInfos(DATASET_PANEL_PREVIEW_ROWS)).map(datasetInfoFromStored));
    },

    'dataset:generators': async () => generatorInfos(),

    'dataset:generate': async (arg) => {
      const { generator, options = {}, sourceDatasetId, name } = requireObject<ArgOf<'dataset:generate'>>(arg, 'dataset:generate', '{ generator, options }');
      requireString(generator, 'dataset:generate', 'generator');
      if (typeof options !== 'object' || options === null) throw new ServiceError('invalid-argument', 'dataset:generate: options must be an object.');
      const source = sourceDatasetId === undefined ? undefined : await onProject((project) => findDataset(project, sourceDatasetId, 'dataset:generate'));
      let dataset: BinaryDataset;
      try {
        dataset = generateDataset(generator, options, source);
      } catch (error) {
        throw new ServiceError('invalid-argument', (error as Error).message);
      }
      return store({ ...dataset, id: freshId('dataset'), name: typeof name === 'string' && name.trim() !== '' ? name.trim() : dataset.name });
    },

    'dataset:import': async (arg) => {
      const request = await toImportRequest(arg);
      session.requireProject();
      const dataset = await asApiErrors(() => importDataset(request));
      return store(dataset);
    },

    'dataset:previewImage': async (arg) => {
      const { file, ...settings } = requireObject<ArgOf<'dataset:previewImage'>>(arg, 'dataset:previewImage', '{ file: { name, base64 } }');
      const bytes = imageBytes(file, 'dataset:previewImage');
      const preview = await asApiErrors(() => previewImage({ name: file.name, bytes }, settings));
      return {
        sourceShape: preview.sourceShape,
        shape: preview.shape,
        bits: Array.from(preview.bits).join(''),
        grayBase64: Buffer.from(preview.gray).toString('base64'),
        suggestedThreshold: preview.suggestedThreshold,
        threshold: preview.threshold,
      };
    },

    'dataset:export': async (arg) => {
      const { datasetId, path, overwrite, ...options } = requireObject<ArgOf<'dataset:export'>>(arg, 'dataset:export', '{ datasetId, format }');
      const dataset = await onProject((project) => findDataset(project, datasetId, 'dataset:export'));
      const file = await asApiErrors(() => exportDataset(dataset, options));
      if (typeof path === 'string' && path !== '') {
        const target = resolve(path);
        await writeFileArgument(target, file.bytes, overwrite === true, 'pass overwrite: true');
        return { fileName: file.fileName, mime: file.mime, byteLength: file.bytes.length, path: target };
      }
      if (file.bytes.length > MAX_EXPORT_BYTES) {
        const megabytes = (file.bytes.length / 2 ** 20).toFixed(0);
        throw new ServiceError('invalid-argument', `The ${file.mime === 'text/csv' ? 'CSV' : 'PNG'} is ${megabytes} MB, too large to send to the window; give a path to write it to, or use 'attractor data export'.`);
      }
      return { fileName: file.fileName, mime: file.mime, byteLength: file.bytes.length, base64: file.bytes.toString('base64') };
    },

    'dataset:delete': async (arg) => {
      const { datasetId } = requireObject<{ datasetId: unknown }>(arg, 'dataset:delete', '{ datasetId }');
      const id = requireString(datasetId, 'dataset:delete', 'datasetId');
      return onProject(async (project) => {
        const users = (await project.store.listRuns()).filter((run) => run.datasetId === id);
        if (users.length > 0) {
          throw new ServiceError('busy', `Dataset '${id}' is used by ${users.length} run${users.length === 1 ? '' : 's'}; delete ${users.length === 1 ? 'that run' : 'those runs'} first.`);
        }
        if (!(await project.store.deleteDataset(id))) throw new ServiceError('not-found', `No dataset with id '${id}' in this project.`);
        await announce(project);
      });
    },

    'dataset:rename': async (arg) => {
      const { datasetId, name } = requireObject<{ datasetId: unknown; name: unknown }>(arg, 'dataset:rename', '{ datasetId, name }');
      const id = requireString(datasetId, 'dataset:rename', 'datasetId');
      const newName = typeof name === 'string' ? name.trim() : '';
      if (newName === '') throw new ServiceError('invalid-argument', 'A dataset name cannot be empty.');
      return onProject(async (project) => {
        if (!(await project.store.renameDataset(id, newName))) throw new ServiceError('not-found', `No dataset with id '${id}' in this project.`);
        await announce(project);
        const info = (await project.store.listDatasetInfos(DATASET_PANEL_PREVIEW_ROWS)).find((d) => d.id === id);
        return datasetInfoFromStored(info!);
      });
    },
  };
}
