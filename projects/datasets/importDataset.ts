/**
 * Dataset import: CSV text, PNG/JPEG images (thresholded), the mnist package's digits. Everything is parsed and
 * checked in memory first and returned as one BinaryDataset, which the caller stores in one transaction: a refused
 * file leaves nothing behind.
 */
import { parseDatasetCsv, type CsvOptions } from '../../engine/data/csv';
import type { BinaryDataset } from '../../engine/data/dataset';
import { checkSize, otsuThreshold, resizeArea, thresholdImage, type GrayImage, type InkPolarity } from '../../engine/data/images';
import { joinSplit, randomSplit } from '../../engine/data/split';
import { freshId } from '../../engine/diagram/ids';
import type { ImageShape } from '../../engine/diagram/types';
import { decodeImageFile } from './imageFiles';
import { DatasetImportError, ImportOptionError } from './importError';
import { loadMnistDigits, MNIST_DEFAULTS, type MnistDigitsArgs } from './mnist';

/** Options every import shares. */
interface ImportCommon {
  /** Dataset name; default from the file or source. */
  name?: string;
  /** Fraction of rows marked as test rows, chosen at random (seeded). Default 0: no split. MNIST has its own fixed split. */
  testFraction?: number;
  /** Seed of the random split. Default 1. */
  seed?: number;
}

export interface CsvImport extends ImportCommon {
  source: 'csv';
  fileName: string;
  text: string;
  labelColumn?: CsvOptions['labelColumn'];
  imageShape?: ImageShape;
}

export interface ImageFileInput {
  name: string;
  bytes: Uint8Array;
  /** Class label of this image; files with labels become a labelled dataset (all files need one then). */
  label?: string;
}

export interface ImageThresholdOptions {
  /** Intensity (0 black … 1 white) separating the two classes of pixel. Default 0.5. */
  threshold?: number;
  /** Which side of the threshold becomes 1: 'dark' (ink on paper, default) or 'light'. */
  ink?: InkPolarity;
  /** Resize every image to this size (area averaging); default: keep the first image's size, which all must share. */
  size?: ImageShape;
}

export interface ImagesImport extends ImportCommon, ImageThresholdOptions {
  source: 'images';
  files: ImageFileInput[];
  /** Refuse any pixel that is not black or white (e.g. pixel art that must not be anti-aliased), naming it. Default false. */
  requireBinary?: boolean;
}

export interface MnistImport extends Omit<ImportCommon, 'testFraction' | 'seed'>, MnistDigitsArgs {
  source: 'mnist';
}

export type ImportRequest = CsvImport | ImagesImport | MnistImport;

const stem = (fileName: string) => fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '') || fileName;

function checkThresholdOptions(options: ImageThresholdOptions): { threshold: number; ink: InkPolarity } {
  const { threshold = 0.5, ink = 'dark', size } = options;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) throw new ImportOptionError(`The threshold must be a number from 0 to 1; got ${String(threshold)}.`);
  if (ink !== 'dark' && ink !== 'light') throw new ImportOptionError(`ink must be 'dark' or 'light'; got ${String(ink)}.`);
  if (size !== undefined) {
    try {
      checkSize(size.rows, size.cols);
    } catch (error) {
      throw new ImportOptionError((error as Error).message);
    }
  }
  return { threshold, ink };
}

/** Applies ImportCommon's random split, checking its options. */
function withSplit(dataset: BinaryDataset, common: ImportCommon): BinaryDataset {
  const { testFraction = 0, seed = 1 } = common;
  if (typeof testFraction !== 'number' || !(testFraction >= 0 && testFraction < 1)) {
    throw new ImportOptionError(`The test fraction must be at least 0 and below 1; got ${String(testFraction)}.`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) throw new ImportOptionError(`The seed must be a whole number from 0 to 4294967295; got ${String(seed)}.`);
  return testFraction > 0 ? randomSplit(dataset, testFraction, seed) : dataset;
}

function importCsv(request: CsvImport): BinaryDataset {
  if (typeof request.text !== 'string') throw new ImportOptionError('A CSV import needs the file text.');
  const parsed = parseDatasetCsv(request.text, { name: request.name ?? stem(request.fileName), labelColumn: request.labelColumn, imageShape: request.imageShape });
  if (!parsed.ok) {
    const { row, column, message } = parsed.error;
    throw new DatasetImportError(`${request.fileName}: ${message}`, { file: request.fileName, ...(row > 0 ? { row } : {}), ...(column > 0 ? { column } : {}) });
  }
  const settings: Record<string, string | number | boolean> = { file: request.fileName, testFraction: request.testFraction ?? 0 };
  if (request.labelColumn !== undefined) settings.labelColumn = request.labelColumn;
  return withSplit({ ...parsed.dataset, origin: { method: 'csv', settings } }, request);
}

/** One image's bits after the optional resize and the threshold. */
function binarise(image: GrayImage, size: ImageShape | undefined, threshold: number, ink: InkPolarity): { shape: ImageShape; bits: Uint8Array } {
  const sized = size ? resizeArea(image, size.rows, size.cols) : image;
  return { shape: { rows: sized.rows, cols: sized.cols }, bits: thresholdImage(sized, threshold, ink) };
}

/** Throws naming the first pixel (x from the left, y from the top, 0-based) that is neither black nor white. */
function checkBlackAndWhite(fileName: string, image: GrayImage): void {
  const tolerance = 1 / 255;
  for (let p = 0; p < image.values.length; p++) {
    const value = image.values[p];
    if (value > tolerance && value < 1 - tolerance) {
      const x = p % image.cols;
      const y = Math.floor(p / image.cols);
      throw new DatasetImportError(
        `${fileName}: pixel (${x}, ${y}) is grey (${Math.round(value * 255)} of 255), not black or white; ` +
          `fix the image or import it without requiring black and white, so the threshold decides.`,
        { file: fileName, pixel: { x, y } },
      );
    }
  }
}

function importImages(request: ImagesImport): BinaryDataset {
  const { threshold, ink } = checkThresholdOptions(request);
  if (!Array.isArray(request.files) || request.files.length === 0) throw new ImportOptionError('Choose at least one PNG or JPEG image to import.');
  const labelled = request.files.filter((f) => f.label !== undefined && f.label !== '');
  if (labelled.length > 0 && labelled.length < request.files.length) {
    const missing = request.files.find((f) => f.label === undefined || f.label === '')!;
    throw new DatasetImportError(`${missing.name} has no label but other images do; give every image a label or none.`, { file: missing.name });
  }
  let shape: ImageShape | undefined = request.size;
  let shapeFrom = '';
  const rows: Uint8Array[] = [];
  for (const file of request.files) {
    const image = decodeImageFile(file.name, file.bytes);
    if (!shape) {
      shape = { rows: image.rows, cols: image.cols };
      shapeFrom = file.name;
    } else if (!request.size && (image.rows !== shape.rows || image.cols !== shape.cols)) {
      throw new DatasetImportError(
        `${file.name} is ${image.cols}×${image.rows} pixels but ${shapeFrom} is ${shape.cols}×${shape.rows}; choose a size to resize every image to.`,
        { file: file.name },
      );
    }
    if (request.requireBinary) checkBlackAndWhite(file.name, image);
    rows.push(binarise(image, request.size, threshold, ink).bits);
  }
  const width = shape!.rows * shape!.cols;
  const bits = new Uint8Array(rows.length * width);
  rows.forEach((row, k) => bits.set(row, k * width));
  const dataset: BinaryDataset = {
    id: freshId('dataset'),
    name: request.name ?? (request.files.length === 1 ? stem(request.files[0].name) : `${stem(request.files[0].name)} and ${request.files.length - 1} more images`),
    width,
    rowCount: rows.length,
    bits,
    imageShape: { ...shape! },
    origin: { method: 'images', settings: { files: request.files.length, first: request.files[0].name, threshold, ink, testFraction: request.testFraction ?? 0 } },
  };
  if (labelled.length > 0) {
    const names: string[] = [];
    dataset.labels = Int32Array.from(request.files, (f) => {
      const k = names.indexOf(f.label as string);
      return k >= 0 ? k : names.push(f.label as string) - 1;
    });
    dataset.labelNames = names;
  }
  return withSplit(dataset, request);
}

async function importMnist(request: MnistImport): Promise<BinaryDataset> {
  let digits;
  try {
    digits = await loadMnistDigits(request);
  } catch (error) {
    throw new ImportOptionError((error as Error).message);
  }
  const { size, threshold = MNIST_DEFAULTS.threshold, trainPerClass = MNIST_DEFAULTS.trainPerClass, testPerClass = MNIST_DEFAULTS.testPerClass } = request;
  const dataset = joinSplit(digits.train, digits.test, { id: freshId('dataset'), name: request.name ?? `MNIST digits ${size}×${size}` });
  const settings: Record<string, string | number | boolean> = { size, threshold, trainPerClass, testPerClass };
  if (request.digits) settings.digits = request.digits.join(',');
  return { ...dataset, origin: { method: 'mnist', settings } };
}

/** The dataset a request describes, or a DatasetImportError naming the file, row, column or pixel at fault (ImportOptionError for bad options). */
export async function importDataset(request: ImportRequest): Promise<BinaryDataset> {
  switch (request?.source) {
    case 'csv':
      return importCsv(request);
    case 'images':
      return importImages(request);
    case 'mnist':
      return importMnist(request);
    default:
      throw new ImportOptionError(`Unknown import source '${String((request as { source?: unknown })?.source)}'; use 'csv', 'images' or 'mnist'.`);
  }
}

/** What the threshold preview shows: the binarised image, the grey image it came from, and Otsu's suggested threshold. */
export interface ImagePreview {
  /** Size of the file's image. */
  sourceShape: ImageShape;
  /** Size after the optional resize (the dataset's image shape). */
  shape: ImageShape;
  /** 0/1 per pixel of `shape`, row-major. */
  bits: Uint8Array;
  /** Grey levels 0–255 of the resized image, row-major. */
  gray: Uint8Array;
  /** Otsu's threshold of the resized image. */
  suggestedThreshold: number;
  threshold: number;
}

/** Decodes one image and thresholds it as importImages would, for the import dialog's preview. */
export function previewImage(file: Omit<ImageFileInput, 'label'>, options: ImageThresholdOptions = {}): ImagePreview {
  const { threshold, ink } = checkThresholdOptions(options);
  const image = decodeImageFile(file.name, file.bytes);
  const sized = options.size ? resizeArea(image, options.size.rows, options.size.cols) : image;
  return {
    sourceShape: { rows: image.rows, cols: image.cols },
    shape: { rows: sized.rows, cols: sized.cols },
    bits: thresholdImage(sized, threshold, ink),
    gray: Uint8Array.from(sized.values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)),
    suggestedThreshold: otsuThreshold(sized),
    threshold,
  };
}
