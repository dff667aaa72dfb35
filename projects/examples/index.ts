/** Bundled example projects, loaded from static imports so they work under tsx, vitest and the electron-vite bundle. */
import type { BinaryDataset } from '../../engine/data/dataset';
import { parseDatasetCsv } from '../../engine/data/csv';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import xorBoltzmannDiagram from './xor-boltzmann.diagram.json';
import { XOR_CSV } from './xorCsv';

/** What the example list shows. */
export interface ExampleSummary {
  id: string;
  name: string;
  description: string;
}

/** An example's content, ready to be written into a new project. */
export interface ExampleContent {
  name: string;
  diagrams: Diagram[];
  datasets: BinaryDataset[];
}

interface DiagramSource {
  json: unknown;
}

interface DatasetSource {
  id: string;
  name: string;
  width: number;
  csv: string;
}

interface Example extends ExampleSummary {
  diagrams: DiagramSource[];
  datasets: DatasetSource[];
}

const EXAMPLES: readonly Example[] = [
  {
    id: 'xor-boltzmann',
    name: 'XOR Boltzmann machine',
    description:
      'Mehlig §4.4: the four XOR patterns (x1, x2, y = x1 XOR x2) carry a three-point correlation that 3 visible units alone cannot ' +
      'represent; 4 hidden units, all 21 pairs coupled, let Boltzmann learning with exact statistics fit them.',
    diagrams: [{ json: xorBoltzmannDiagram }],
    datasets: [{ id: 'xor', name: 'XOR patterns (Mehlig §4.4)', width: 3, csv: XOR_CSV }],
  },
];

/** Every bundled example, in display order. */
export function listExamples(): ExampleSummary[] {
  return EXAMPLES.map(({ id, name, description }) => ({ id, name, description }));
}

/** A fresh, validated copy of an example's diagrams and datasets, or undefined for an unknown id. */
export function loadExample(id: string): ExampleContent | undefined {
  const example = EXAMPLES.find((candidate) => candidate.id === id);
  if (!example) return undefined;
  const diagrams = example.diagrams.map(({ json }) => {
    const parsed = parseDiagram(json);
    if (!parsed.ok) throw new Error(`bundled example ${id} has an invalid diagram: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    return parsed.diagram;
  });
  const datasets = example.datasets.map((source) => {
    const parsed = parseDatasetCsv(source.csv, { name: source.name, id: source.id, expectedWidth: source.width });
    if (!parsed.ok) throw new Error(`bundled example ${id} has an invalid dataset: row ${parsed.error.row}, column ${parsed.error.column}: ${parsed.error.message}`);
    return parsed.dataset;
  });
  return { name: example.name, diagrams, datasets };
}
