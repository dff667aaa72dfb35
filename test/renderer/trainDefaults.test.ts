import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import { diagramId } from '../../engine/diagram/ids';
import type { Diagram } from '../../engine/diagram/types';
import { algorithmsFor } from '../../engine/train/catalog';
import type { DatasetSummary } from '../../main/api/contract';
import { choiceOf, chosenValues, defaultAlgorithm, modelFamily, proposedEpochs, proposedValues, rememberedValues, withDataset } from '../../renderer/src/train/algorithmDefaults';
import { dataTarget, datasetAfterChange, datasetFits, proposedDataset } from '../../renderer/src/train/datasetProposal';
import { defaultValues, templateById, type TemplateValues } from '../../renderer/src/templates/templates';
import { run } from './fixtures';

function modelOf(id: string, values?: TemplateValues) {
  const template = templateById(id)!;
  const sub = template.build(values ?? defaultValues(template));
  const diagram: Diagram = { format: 'attractor-diagram', version: 1, id: diagramId('t'), name: 't', settings: { encoding: template.encoding }, nodes: sub.nodes, edges: sub.edges };
  const result = compile(diagram);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.model;
}

/** The algorithm proposed for a template's model among those the engine offers it. */
function proposedFor(id: string, values?: TemplateValues): string | undefined {
  const model = modelOf(id, values);
  return defaultAlgorithm(modelFamily(model), algorithmsFor(model))?.name;
}

describe('the proposed algorithm per family', () => {
  it.each([
    ['rbm', { visible: 9, hidden: 6 }, 'cd'],
    ['rbm', { visible: 784, hidden: 500 }, 'cd'],
    ['boltzmann', { visible: 3, hidden: 4 }, 'boltzmann-exact'],
    ['boltzmann', { visible: 20, hidden: 20 }, 'boltzmann'],
    ['hopfield', { units: 16 }, 'hebb'],
    ['sbn', { sizes: [8, 24, 64] }, 'sbn-meanfield'],
    ['dbn', { sizes: [16, 12, 8] }, 'dbn-greedy'],
  ])('%s %j → %s', (id, values, expected) => {
    expect(proposedFor(id, values as TemplateValues)).toBe(expected);
  });

  it('is CD-1 for an RBM, with the catalog’s epochs, and falls back to the first offered when none is preferred', () => {
    const model = modelOf('rbm', { visible: 784, hidden: 500 });
    const cd = defaultAlgorithm(modelFamily(model), algorithmsFor(model))!;
    const values = proposedValues(cd, 'digits');
    expect(values).toMatchObject({ algorithm: 'cd', datasetId: 'digits', epochs: String(cd.defaultEpochs), config: { k: '1' } });
    expect(Number(values.epochs)).toBeLessThanOrEqual(200);
    const [first, second] = algorithmsFor(model).filter((a) => a.name !== 'cd' && a.name !== 'pcd');
    expect(defaultAlgorithm(modelFamily(model), [first, second])?.name).toBe(first.name);
    expect(defaultAlgorithm(modelFamily(model), [])).toBeUndefined();
  });

  it('remembers the diagram’s last run: its algorithm, own epochs, seed and settings, while main still offers the algorithm', () => {
    const model = modelOf('rbm', { visible: 9, hidden: 6 });
    const algorithms = algorithmsFor(model);
    const last = run('r1', { algorithm: 'pcd', seed: 5, totalSteps: 700, parent: { runId: 'r0', step: 500 }, config: { checkpointEvery: 50, init: 'current', learningRate: 0.05, k: 3, chains: 100 } });
    const remembered = rememberedValues(last, algorithms, 'bars')!;
    expect(remembered).toMatchObject({ algorithm: 'pcd', epochs: '200', seed: '5', datasetId: 'bars', config: { learningRate: '0.05', k: '3', chains: '100' } });
    expect(remembered.config).not.toHaveProperty('checkpointEvery');
    expect(remembered.config).not.toHaveProperty('init');
    expect(rememberedValues(run('r2', { algorithm: 'sbn-meanfield' }), algorithms, 'bars')).toBeUndefined();
    expect(rememberedValues(undefined, algorithms, 'bars')).toBeUndefined();
  });
});

const dataset = (id: string, width: number, imageShape?: { rows: number; cols: number }): DatasetSummary => ({ id, name: id, width, rowCount: 4, preview: [], ...(imageShape ? { imageShape } : {}) });

describe('the dataset proposal', () => {
  const digits = dataset('digits', 64, { rows: 8, cols: 8 });
  const wide = dataset('mnist', 784, { rows: 28, cols: 28 });
  const strip = dataset('strip', 784, { rows: 1, cols: 784 });

  it('reads the width and, for one visible layer, its image shape from the model', () => {
    expect(dataTarget(modelOf('rbm', { visible: 9, hidden: 6 }))).toMatchObject({ visibleCount: 9 });
    expect(dataTarget(modelOf('sbn', { sizes: [8, 24, 64] }))).toEqual({ visibleCount: 64, imageShape: { rows: 8, cols: 8 } });
    expect(dataTarget(modelOf('hopfield', { units: 4 }))).toEqual({ visibleCount: 4 });
  });

  it('fits by width, and by image shape where both have one; proposes the best fit, the preferred one when it fits', () => {
    const target = { visibleCount: 784, imageShape: { rows: 28, cols: 28 } };
    expect(datasetFits(wide, target)).toBe(true);
    expect(datasetFits(strip, target)).toBe(false);
    expect(datasetFits(strip, { visibleCount: 784 })).toBe(true);
    expect(datasetFits(digits, target)).toBe(false);
    expect(proposedDataset([digits, strip, wide], target)).toBe('mnist');
    expect(proposedDataset([digits, strip], target)).toBe('strip');
    expect(proposedDataset([digits], target)).toBe('digits');
    expect(proposedDataset([digits, wide, dataset('mnist2', 784, { rows: 28, cols: 28 })], target, 'mnist2')).toBe('mnist2');
    expect(proposedDataset([digits, wide], target, 'digits')).toBe('mnist');
    expect(proposedDataset([], target)).toBe('');
  });

  it('switches to a fitting dataset just added, or away from one that does not fit, and otherwise keeps the choice', () => {
    const target = { visibleCount: 784, imageShape: { rows: 28, cols: 28 } };
    // The current one does not fit and a fitting one exists: "width 64 ≠ 784" gives way.
    expect(datasetAfterChange([digits, wide], [digits, wide], 'digits', target)).toBe('mnist');
    // Nothing fits: the current one stays, the form says why.
    expect(datasetAfterChange([digits], [digits], 'digits', target)).toBeUndefined();
    // Just generated and fitting: taken even though the current one fits too.
    const generated = dataset('generated', 784, { rows: 28, cols: 28 });
    expect(datasetAfterChange([digits, wide], [digits, wide, generated], 'mnist', target)).toBe('generated');
    // Just added but of another width: the current fitting one stays.
    expect(datasetAfterChange([wide], [wide, digits], 'mnist', target)).toBeUndefined();
    // The current one was deleted: the best fit of the rest, or the first when none fits.
    expect(datasetAfterChange([digits, wide], [digits], 'mnist', target)).toBe('digits');
    expect(datasetAfterChange([digits, wide, strip], [digits, strip], 'mnist', target)).toBe('strip');
    // The model changed to 64 visible units: the current 784-wide dataset gives way to the digits.
    expect(datasetAfterChange([digits, wide], [digits, wide], 'mnist', { visibleCount: 64, imageShape: { rows: 8, cols: 8 } })).toBe('digits');
    // No model to fit (the diagram does not compile): keep the choice.
    expect(datasetAfterChange([digits, wide], [digits, wide], 'digits', undefined)).toBeUndefined();
  });
});

describe('CD and PCD epochs follow the data', () => {
  const model = modelOf('rbm', { visible: 9, hidden: 8 });
  const cd = algorithmsFor(model).find((a) => a.name === 'cd')!;

  it('aims at about 3,000 minibatch updates, within 5 to 5,000 epochs', () => {
    expect(proposedEpochs(14, 10)).toBe(1500);
    expect(proposedEpochs(6000, 10)).toBe(5);
    expect(proposedEpochs(1, 1)).toBe(3000);
    expect(proposedEpochs(1, 0)).toBe(3000);
    expect(proposedValues(cd, 'bars', '1', 14)).toMatchObject({ epochs: '1500', config: { k: '1', momentum: '0.5', batchSize: '10' } });
    expect(proposedValues(cd, 'bars', '1').epochs).toBe(String(cd.defaultEpochs));
  });

  it('moves proposed epochs along with the dataset, and keeps typed ones', () => {
    const rows: Record<string, number> = { bars: 14, digits: 6000 };
    const proposed = proposedValues(cd, 'none', '1');
    const onBars = withDataset(proposed, 'bars', cd, (id) => rows[id]);
    expect(onBars).toMatchObject({ datasetId: 'bars', epochs: '1500' });
    expect(withDataset(onBars, 'digits', cd, (id) => rows[id]).epochs).toBe('5');
    expect(withDataset({ ...onBars, epochs: '40' }, 'digits', cd, (id) => rows[id]).epochs).toBe('40');
    const hebb = algorithmsFor(modelOf('hopfield', { units: 9 })).find((a) => a.name === 'hebb')!;
    expect(withDataset(proposedValues(hebb, 'none'), 'bars', hebb, (id) => rows[id]).epochs).toBe(proposedValues(hebb, 'none').epochs);
  });
});

describe('the kept choice', () => {
  const model = modelOf('rbm', { visible: 9, hidden: 6 });
  const algorithms = algorithmsFor(model);

  it('proposes a kept choice over the family default, with its dataset while it exists, dropping unknown settings', () => {
    const kept = { algorithm: 'pcd', epochs: '33', seed: '4', config: { learningRate: '0.02', gone: '1' }, datasetId: 'bars' };
    const values = chosenValues(kept, algorithms, 'other', ['bars', 'other'])!;
    expect(values).toMatchObject({ algorithm: 'pcd', epochs: '33', seed: '4', datasetId: 'bars', config: { learningRate: '0.02' } });
    expect(values.config).not.toHaveProperty('gone');
    expect(chosenValues(kept, algorithms, 'other', ['other'])!.datasetId).toBe('other');
    expect(chosenValues({ ...kept, algorithm: 'hebb' }, algorithms, 'other', ['other'])).toBeUndefined();
    expect(chosenValues(undefined, algorithms, 'other', ['other'])).toBeUndefined();
    expect(choiceOf(values)).toEqual({ algorithm: 'pcd', epochs: '33', seed: '4', config: values.config, datasetId: 'bars' });
  });
});
