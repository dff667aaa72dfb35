/** Bundled example projects, one per model family; built in code or from static imports so tsx, vitest and the bundle load them. */
import type { BinaryDataset } from '../../engine/data/dataset';
import { parseDatasetCsv } from '../../engine/data/csv';
import { parseDiagram } from '../../engine/diagram/parse';
import type { Diagram } from '../../engine/diagram/types';
import type { TrainChoice } from '../types';
import { allZeroPattern, bishopDiagram } from './bishop246';
import { dbnDigitsDiagram, digits28x28, digits8x8, rbmDigitsDiagram, sbnDigitsDiagram } from './digits';
import { hopfieldDiagram, hopfieldLetters } from './hopfield';
import { petersonAndersonDiagram } from './petersonAnderson';
import { barsAndStripes3x3, rbmBarsDiagram } from './rbmBars';
import xorBoltzmannDiagram from './xor-boltzmann.diagram.json';
import { XOR_CSV } from './xorCsv';

/** What the example list shows. */
export interface ExampleSummary {
  id: string;
  name: string;
  description: string;
  /** One line saying what to do first once it is open ("Train with …, then …"). */
  tryThis: string;
}

/** An example's content, ready to be written into a new project. */
export interface ExampleContent {
  name: string;
  diagrams: Diagram[];
  datasets: BinaryDataset[];
  /** The Train panel's choice for diagrams whose learner is not their family's default (by diagram id). */
  trainChoices: Record<string, TrainChoice>;
}

interface Example extends ExampleSummary {
  /** A fresh copy of the diagrams (checked by parseDiagram below), the datasets that fit them and any preset Train choice. */
  content(): Promise<{ diagrams: unknown[]; datasets: BinaryDataset[]; trainChoices?: Record<string, TrainChoice> }>;
}

/** The four XOR patterns of Mehlig §4.4 as the xor examples store them. */
function xorPatterns(): BinaryDataset {
  const parsed = parseDatasetCsv(XOR_CSV, { name: 'XOR patterns (Mehlig §4.4)', id: 'xor', expectedWidth: 3 });
  if (!parsed.ok) throw new Error(`the bundled XOR patterns are invalid: row ${parsed.error.row}, column ${parsed.error.column}: ${parsed.error.message}`);
  return parsed.dataset;
}

const EXAMPLES: readonly Example[] = [
  {
    id: 'xor-boltzmann',
    name: 'XOR Boltzmann machine',
    description:
      'Mehlig §4.4: the four XOR patterns (x1, x2, y = x1 XOR x2) carry a three-point correlation that 3 visible units alone cannot ' +
      'represent; 4 hidden units, all 21 pairs coupled, let Boltzmann learning with exact statistics fit them.',
    tryThis: 'Train with Boltzmann learning (exact): KL(data‖model) falls from about 0.74 to 0.03; then compare both distributions in Exact.',
    content: async () => ({ diagrams: [structuredClone(xorBoltzmannDiagram)], datasets: [xorPatterns()] }),
  },
  {
    id: 'hopfield-retrieval',
    name: 'Hopfield network: letters',
    description:
      "Mehlig ch. 2: 64 ±1 pixels, every pair coupled. Hebb's rule (eq. 2.25) stores four 8×8 letters, X, L, H and +, " +
      'whose small mutual overlaps keep each one a fixed point (α = 4/64, far below α_c ≈ 0.14).',
    tryThis: "Train with Hebb's rule (one epoch), then in Generate ▸ Hopfield retrieval flip a fifth of a letter's pixels (q = 0.2) and watch it come back.",
    content: async () => ({ diagrams: [hopfieldDiagram()], datasets: [hopfieldLetters()] }),
  },
  {
    id: 'peterson-anderson-xor',
    name: 'Peterson & Anderson XOR net',
    description:
      'Peterson & Anderson (1987): inputs x1, x2 and output y, four hidden units coupled to all three (2-4-1), learning XOR with ' +
      'both phases from annealed mean-field solutions instead of sampling.',
    tryThis: 'Press Start: mean-field Boltzmann learning, input→output with the 2 input units clamped, brings the output error to 0.',
    // Bipartite, so it compiles as an RBM whose default is CD: the Train panel is preset to Peterson & Anderson's rule.
    content: async () => ({
      diagrams: [petersonAndersonDiagram()],
      datasets: [xorPatterns()],
      trainChoices: { 'peterson-anderson-xor': { algorithm: 'meanfield-boltzmann', epochs: '150', seed: '0', config: { mode: 'input-output', inputUnits: '2' }, datasetId: 'xor' } },
    }),
  },
  {
    id: 'rbm-bars-stripes',
    name: 'RBM on 3×3 bars and stripes',
    description:
      'Mehlig Fig. 4.4 (after MacKay): the 14 images of 3×3 pixels whose rows or whose columns are uniform, modelled by a ' +
      'restricted Boltzmann machine with 9 visible and 8 hidden units.',
    tryThis: 'Press Start: CD-1 as proposed (1,500 epochs of two minibatches) takes KL(data‖model) from 3.6 to below 1; then draw fantasies in Generate.',
    content: async () => ({ diagrams: [rbmBarsDiagram()], datasets: [barsAndStripes3x3()] }),
  },
  {
    id: 'rbm-digits',
    name: 'RBM on digits',
    description:
      'An RBM with 784 visible units (28×28 pixels) and 64 hidden units on 5,000 binarised digits of the mnist package ' +
      '(500 per class; 1,000 more marked as test rows).',
    tryThis: 'Train with CD-1 for a few epochs, then look at the hidden units’ receptive fields in Inside and at fantasies in Generate.',
    content: async () => ({ diagrams: [rbmDigitsDiagram()], datasets: [await digits28x28()] }),
  },
  {
    id: 'sbn-2-4-6',
    name: 'Belief network 2-4-6: bounds compared',
    description:
      'Bishop et al. (1998) §3 after Saul et al. (1996): a 2-4-6 sigmoid belief network whose weights and biases are drawn ' +
      'uniformly from (−1, 1), its six visible units clamped at 0; its 64 hidden states can still be summed exactly.',
    tryThis: 'Open Compare (Alt+6) and run it: exact ln P(V) beside mean field and mixtures with M = 1…5, whose bound tightens as M grows.',
    content: async () => ({ diagrams: [bishopDiagram()], datasets: [allZeroPattern()] }),
  },
  {
    id: 'sbn-digits',
    name: 'Belief network 8-24-64 on digits',
    description:
      'Saul & Jordan (2000) §4: a three-layer sigmoid belief network, 8 top units, 24 in the middle and the 64 pixels of an 8×8 ' +
      'digit at the bottom, on 7,000 binarised digits (700 per class; 1,500 test rows).',
    tryThis: 'Press Start: attractor dynamics, the learning rule of Saul & Jordan §4 (preset); then draw fantasies and fill in a digit’s bottom half in Generate.',
    content: async () => ({
      diagrams: [sbnDigitsDiagram()],
      datasets: [await digits8x8()],
      // The paper's η = 0.05 suits its 5 passes over 700 digits of one class; over 7,000 digits of all classes it climbs to
      // a best −L ≈ −16 by pass 2 and then runs away (−8,000 by pass 5, stopped as diverged). η = 0.01 keeps improving: −18.7 → −16.2 in 6 passes.
      trainChoices: { 'sbn-digits': { algorithm: 'sbn-attractor', epochs: '6', seed: '1', config: { learningRate: '0.01' } } },
    }),
  },
  {
    id: 'dbn-digits',
    name: 'Deep belief net on digits',
    description:
      'Hinton, Osindero & Teh (2006) in small: 8×8 digit pixels below hidden layers of 48 and 24 units, each coupled only to the ' +
      'next, so every adjacent pair is an RBM trained greedily from the bottom up.',
    tryThis: 'Train with Deep belief net: greedy layer-wise CD (one RBM after the other), then draw the stack’s fantasies in Generate.',
    content: async () => ({ diagrams: [dbnDigitsDiagram()], datasets: [await digits8x8()] }),
  },
];

/** Every bundled example, in display order. */
export function listExamples(): ExampleSummary[] {
  return EXAMPLES.map(({ id, name, description, tryThis }) => ({ id, name, description, tryThis }));
}

/** A fresh, validated copy of an example's diagrams and datasets, or undefined for an unknown id. */
export async function loadExample(id: string): Promise<ExampleContent | undefined> {
  const example = EXAMPLES.find((candidate) => candidate.id === id);
  if (!example) return undefined;
  const content = await example.content();
  const diagrams = content.diagrams.map((json) => {
    const parsed = parseDiagram(json);
    if (!parsed.ok) throw new Error(`bundled example ${id} has an invalid diagram: ${parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    return parsed.diagram;
  });
  return { name: example.name, diagrams, datasets: content.datasets, trainChoices: content.trainChoices ?? {} };
}
