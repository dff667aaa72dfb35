/** Examples on the mnist package's digits: an RBM on 28×28 images, Saul & Jordan's 8-24-64 belief network, a deep belief net. */
import type { BinaryDataset } from '../../engine/data/dataset';
import { importDataset } from '../datasets/importDataset';
import { ExampleDiagram, layerSpec } from './builder';

/** Images per digit in the examples' 8×8 digits: Saul & Jordan §4 train on 700 per class and test on 150 (MNIST_DEFAULTS). */
const SMALL = { size: 8, trainPerClass: 700, testPerClass: 150 } as const;
/** 28×28 images per digit for the RBM: 500 train and 100 test, so that an epoch of CD-1 stays a few seconds long. */
const FULL = { size: 28, trainPerClass: 500, testPerClass: 100 } as const;

/** The digits as Import ▸ MNIST makes them (fixed split, labels 0–9), with an id that stays the same in every copy. */
async function digits(args: { size: number; trainPerClass: number; testPerClass: number }): Promise<BinaryDataset> {
  const dataset = await importDataset({ source: 'mnist', name: `MNIST digits ${args.size}×${args.size}`, ...args });
  return { ...dataset, id: `mnist-${args.size}x${args.size}` };
}

export const digits8x8 = () => digits(SMALL);
export const digits28x28 = () => digits(FULL);

/** A 784-pixel visible layer (28×28) below 64 hidden units, coupled bipartitely. */
export function rbmDigitsDiagram() {
  return new ExampleDiagram('rbm-digits', 'RBM 784×64 on digits', 'binary01')
    .row(1, [layerSpec('visible', 'Pixels', 'visible', 784, { rows: 28, cols: 28 })])
    .row(0, [layerSpec('hidden', 'Hidden', 'hidden', 64)])
    .couple('visible', 'hidden')
    .build();
}

/** Saul & Jordan (2000) §4: 8 top units, parents of 24, parents of the 64 pixels of an 8×8 image (visible at the bottom). */
export function sbnDigitsDiagram() {
  return new ExampleDiagram('sbn-digits', 'SBN 8-24-64 on digits', 'binary01')
    .row(0, [layerSpec('top', 'Top', 'hidden', 8)])
    .row(1, [layerSpec('middle', 'Middle', 'hidden', 24)])
    .row(2, [layerSpec('visible', 'Pixels', 'visible', 64, { rows: 8, cols: 8 })])
    .parent('top', 'middle')
    .parent('middle', 'visible')
    .build();
}

/** Hinton, Osindero & Teh (2006) in small: 8×8 pixels, then hidden layers of 48 and 24, each coupled only to the next. */
export function dbnDigitsDiagram() {
  return new ExampleDiagram('dbn-digits', 'DBN 64-48-24 on digits', 'binary01')
    .row(0, [layerSpec('h2', 'H2', 'hidden', 24)])
    .row(1, [layerSpec('h1', 'H1', 'hidden', 48)])
    .row(2, [layerSpec('visible', 'Pixels', 'visible', 64, { rows: 8, cols: 8 })])
    .couple('visible', 'h1')
    .couple('h1', 'h2')
    .build();
}
