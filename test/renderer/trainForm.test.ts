import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/compiler/compile';
import { algorithmsFor, BOLTZMANN_EXACT } from '../../engine/train/catalog';
import { proposedDataset } from '../../renderer/src/train/datasetProposal';
import { blockingReason, defaultsFor, validateValues, withAlgorithm } from '../../renderer/src/train/trainForm';
import { smallDiagram } from './fixtures';

const dataset = (id: string, width: number) => ({ id, name: id, width, rowCount: 4, preview: [] });

describe('train form', () => {
  it('proposes the catalog defaults and seed 1', () => {
    const values = defaultsFor(BOLTZMANN_EXACT, 'xor');
    expect(values).toEqual({
      datasetId: 'xor',
      algorithm: 'boltzmann-exact',
      epochs: String(BOLTZMANN_EXACT.defaultEpochs),
      seed: '1',
      config: Object.fromEntries(BOLTZMANN_EXACT.hyperparameters.map((h) => [h.key, String(h.default)])),
    });
    const validated = validateValues(values, BOLTZMANN_EXACT);
    expect(validated.ok).toBe(true);
  });

  it('rejects out-of-range hyperparameters and non-integer epochs with a reason', () => {
    const values = defaultsFor(BOLTZMANN_EXACT, 'xor');
    expect(validateValues({ ...values, epochs: '2.5' }, BOLTZMANN_EXACT)).toMatchObject({ ok: false });
    const lr = BOLTZMANN_EXACT.hyperparameters[0];
    const bad = validateValues({ ...values, config: { ...values.config, [lr.key]: '-1' } }, BOLTZMANN_EXACT);
    expect(bad.ok ? '' : bad.reason).toContain(lr.label);
  });

  it('proposes and checks choice settings', () => {
    const withMode = { ...BOLTZMANN_EXACT, choices: [{ key: 'mode', label: 'Mode', options: ['unsupervised', 'input-output'], default: 'unsupervised' }] };
    const values = defaultsFor(withMode, 'xor');
    expect(values.config.mode).toBe('unsupervised');
    expect(validateValues({ ...values, config: { ...values.config, mode: 'input-output' } }, withMode)).toMatchObject({ ok: true, config: { mode: 'input-output' } });
    const bad = validateValues({ ...values, config: { ...values.config, mode: 'other' } }, withMode);
    expect(bad.ok ? '' : bad.reason).toMatch(/Mode must be one of unsupervised, input-output/);
  });

  it('prefers a dataset whose width equals the visible unit count', () => {
    expect(proposedDataset([dataset('wide', 9), dataset('xor', 2)], { visibleCount: 2 })).toBe('xor');
    expect(proposedDataset([dataset('wide', 9)], { visibleCount: 2 })).toBe('wide');
    expect(proposedDataset([], { visibleCount: 2 })).toBe('');
  });

  it('blocks training on a width mismatch and on compile errors, and allows a matching dataset', () => {
    const result = compile(smallDiagram());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const algorithms = algorithmsFor(result.model);
    expect(blockingReason(result, algorithms, dataset('xor', 2), 1)).toBeUndefined();
    expect(blockingReason(result, algorithms, dataset('xor3', 3), 1)).toMatch(/3 columns but the model has 2 visible units/);
    const broken = compile({ ...smallDiagram(), nodes: [], edges: [] });
    expect(blockingReason(broken, [], undefined, 1)).toMatch(/Fix the/);
  });
});

describe('when the algorithm list arrives', () => {
  it('keeps epochs typed while it was on its way, and otherwise takes the algorithm defaults', () => {
    const early = { ...defaultsFor(undefined, 'd'), epochs: '40' };
    expect(withAlgorithm(early, BOLTZMANN_EXACT)).toMatchObject({ algorithm: 'boltzmann-exact', epochs: '40', datasetId: 'd' });
    expect(withAlgorithm(defaultsFor(undefined, 'd'), BOLTZMANN_EXACT).epochs).toBe(String(BOLTZMANN_EXACT.defaultEpochs));
    // An algorithm no longer offered (another diagram): its successor's defaults throughout.
    const chosen = { ...defaultsFor(BOLTZMANN_EXACT, 'd'), algorithm: 'gone', epochs: '40' };
    expect(withAlgorithm(chosen, BOLTZMANN_EXACT).epochs).toBe(String(BOLTZMANN_EXACT.defaultEpochs));
  });
});
