/** The catalogue of built-in dataset generators with their option schemas, and named presets for the CLI. */
import type { BinaryDataset } from './dataset';
import { barsAndStripes, hintonBars, parityDataset, randomPatterns } from './generators';
import { withLabelUnits } from './labelUnits';
import { noisyCopies, shiftedCopies } from './transforms';

/** One option of a generator; the UI builds its form from these. */
export interface GeneratorOption {
  key: string;
  label: string;
  kind: 'number' | 'boolean';
  default: number | boolean;
  /** Range and integrality of a number option. */
  min?: number;
  max?: number;
  integer?: boolean;
}

export type GeneratorSettings = Record<string, number | boolean>;

/** What a generator is, as plain data. */
export interface GeneratorInfo {
  name: string;
  label: string;
  description: string;
  /** Transforms an existing dataset (noisy or shifted copies) rather than making one from nothing. */
  needsSource: boolean;
  options: GeneratorOption[];
}

interface Generator extends GeneratorInfo {
  make(settings: GeneratorSettings, source?: BinaryDataset): BinaryDataset;
}

const num = (key: string, label: string, value: number, min: number, max: number, integer = true): GeneratorOption => ({
  key, label, kind: 'number', default: value, min, max, integer,
});
const seedOption = num('seed', 'Seed', 1, 0, 2 ** 32 - 1);

/** Mehlig §4.4: XOR as [x1, x2, x1 XOR x2] in 0/1 bits ([−1,−1,−1], [1,1,−1], [−1,1,1], [1,−1,1] in ±1). */
function xor(): BinaryDataset {
  const bits = Uint8Array.from([0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 0, 1]);
  return { id: 'builtin-xor', name: 'XOR patterns', width: 3, rowCount: 4, bits };
}

const GENERATORS: readonly Generator[] = [
  {
    name: 'xor',
    label: 'XOR',
    description: 'Mehlig §4.4: the four patterns [x1, x2, x1 XOR x2].',
    needsSource: false,
    options: [],
    make: xor,
  },
  {
    name: 'parity',
    label: 'n-bit parity',
    description: 'All 2ⁿ inputs followed by their parity bit; labelled even/odd. n = 2 holds the XOR patterns.',
    needsSource: false,
    options: [num('n', 'Input bits n', 3, 1, 16)],
    make: (s) => parityDataset(s.n as number),
  },
  {
    name: 'bars-stripes',
    label: 'Bars and stripes',
    description: 'Mehlig Fig. 4.4 (after MacKay): every image whose rows or whose columns are uniform, each once.',
    needsSource: false,
    options: [num('size', 'Image side', 3, 2, 8)],
    make: (s) => barsAndStripes(s.size as number),
  },
  {
    name: 'hinton-bars',
    label: "Hinton's bars",
    description: 'Bishop et al. 1998 §3: horizontal or vertical bars with equal probability, each position occupied with probability ½.',
    needsSource: false,
    options: [num('count', 'Patterns drawn', 500, 1, 1_000_000), num('size', 'Image side', 4, 2, 8), seedOption],
    make: (s) => hintonBars(s.count as number, s.seed as number, s.size as number),
  },
  {
    name: 'random',
    label: 'Random patterns',
    description: 'Mehlig §2.2: independent random bits, each 1 with the given density.',
    needsSource: false,
    options: [
      num('count', 'Patterns', 10, 1, 1_000_000),
      num('rows', 'Rows', 1, 1, 4096),
      num('cols', 'Columns (bits per row)', 16, 1, 4096),
      num('density', 'Density of 1s', 0.5, 0, 1, false),
      seedOption,
    ],
    make: (s) => randomPatterns({ count: s.count as number, rows: s.rows as number, cols: s.cols as number, density: s.density as number, seed: s.seed as number }),
  },
  {
    name: 'noisy',
    label: 'Noisy copies',
    description: 'Copies of every row of a dataset with each bit flipped with the given probability.',
    needsSource: true,
    options: [
      num('copies', 'Copies per row', 1, 1, 1000),
      num('flipProbability', 'Flip probability', 0.1, 0, 1, false),
      { key: 'keepOriginals', label: 'Keep the originals', kind: 'boolean', default: false },
      seedOption,
    ],
    make: (s, source) =>
      noisyCopies(source!, { copies: s.copies as number, flipProbability: s.flipProbability as number, keepOriginals: s.keepOriginals as boolean, seed: s.seed as number }),
  },
  {
    name: 'shifted',
    label: 'Shifted copies',
    description: 'Every row at every shift up to the given distance (images shift along both axes).',
    needsSource: true,
    options: [num('maxShift', 'Largest shift', 1, 1, 64), { key: 'wrap', label: 'Wrap around the edges', kind: 'boolean', default: false }],
    make: (s, source) => shiftedCopies(source!, { maxShift: s.maxShift as number, wrap: s.wrap as boolean }),
  },
  {
    name: 'label-units',
    label: 'Label units (for a joint model)',
    description: 'Every row of a labelled dataset followed by its class as one-hot units: train one model on these to classify with it.',
    needsSource: true,
    options: [],
    make: (_s, source) => withLabelUnits(source!),
  },
];

/** Every generator, as plain data for the UI and the API. */
export function generatorInfos(): GeneratorInfo[] {
  return GENERATORS.map(({ make: _make, ...info }) => ({ ...info, options: info.options.map((o) => ({ ...o })) }));
}

function findGenerator(name: string): Generator | undefined {
  return GENERATORS.find((g) => g.name === name);
}

/** The generator's defaults overridden by `overrides`; throws naming any unknown key or value out of range. */
export function resolveGeneratorSettings(name: string, overrides: Record<string, unknown>): GeneratorSettings {
  const generator = findGenerator(name);
  if (!generator) throw new Error(`No dataset generator '${name}'; generators: ${GENERATORS.map((g) => g.name).join(', ')}.`);
  const settings: GeneratorSettings = {};
  for (const option of generator.options) settings[option.key] = option.default;
  for (const [key, value] of Object.entries(overrides)) {
    const option = generator.options.find((o) => o.key === key);
    if (!option) {
      const known = generator.options.map((o) => o.key).join(', ') || 'none';
      throw new Error(`The ${generator.label} generator has no option '${key}'; its options: ${known}.`);
    }
    settings[key] = value as number | boolean;
  }
  for (const option of generator.options) {
    const value = settings[option.key];
    if (option.kind === 'boolean') {
      if (typeof value !== 'boolean') throw new Error(`${option.label} (${option.key}) must be true or false; got ${String(value)}.`);
      continue;
    }
    const ok =
      typeof value === 'number' && Number.isFinite(value) && !(option.integer && !Number.isInteger(value)) &&
      !(option.min !== undefined && value < option.min) && !(option.max !== undefined && value > option.max);
    if (!ok) {
      const kind = option.integer ? 'a whole number' : 'a number';
      throw new Error(`${option.label} (${option.key}) must be ${kind} from ${option.min} to ${option.max}; got ${String(value)}.`);
    }
  }
  return settings;
}

/** Runs a generator with checked settings; `source` is required by (and only by) the noisy and shifted generators. */
export function generateDataset(name: string, overrides: Record<string, unknown>, source?: BinaryDataset): BinaryDataset {
  const settings = resolveGeneratorSettings(name, overrides);
  const generator = findGenerator(name)!;
  if (generator.needsSource && !source) throw new Error(`The ${generator.label} generator needs a dataset to copy; choose one.`);
  const dataset = generator.make(settings, source);
  return { ...dataset, origin: dataset.origin ?? { method: name, settings } };
}

/** Named presets the CLI accepts besides 'generator' and 'generator:key=value,…'. */
const PRESETS: Record<string, [string, GeneratorSettings]> = {
  xor: ['xor', {}],
  'bars-stripes-3x3': ['bars-stripes', { size: 3 }],
  'bars-stripes-4x4': ['bars-stripes', { size: 4 }],
  'hinton-bars-4x4': ['hinton-bars', {}],
};

/** Preset names and generator names accepted by builtinDataset. */
export function builtinDatasetNames(): string[] {
  const names = [...Object.keys(PRESETS), ...GENERATORS.filter((g) => !g.needsSource).map((g) => g.name)];
  return [...new Set(names)];
}

/**
 * A fresh dataset for a preset ('bars-stripes-4x4'), a generator with its defaults ('parity') or with options
 * ('parity:n=5', 'hinton-bars:count=1000,seed=3'); undefined for an unknown name, an Error for bad options.
 */
export function builtinDataset(spec: string): BinaryDataset | undefined {
  const [name, optionText] = spec.split(/:(.*)/s, 2);
  if (Object.hasOwn(PRESETS, name) && optionText === undefined) {
    const [generator, settings] = PRESETS[name];
    const dataset = generateDataset(generator, settings);
    return name === 'xor' ? dataset : { ...dataset, id: `builtin-${name}` };
  }
  const generator = findGenerator(name);
  if (!generator || generator.needsSource) return undefined;
  const overrides: Record<string, number | boolean> = {};
  for (const pair of optionText ? optionText.split(',') : []) {
    const [key, value] = pair.split('=').map((part) => part.trim());
    if (!key || value === undefined) throw new Error(`'${pair}' in '${spec}' is not key=value.`);
    overrides[key] = value === 'true' ? true : value === 'false' ? false : Number(value);
  }
  return generateDataset(name, overrides);
}
