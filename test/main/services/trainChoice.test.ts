import { describe, expect, it } from 'vitest';
import { errorOf, openXorExample, servicesPerTest, valueOf } from '../helpers';

// diagram:setTrainChoice keeps the Train panel's choice per diagram in the project; project snapshots carry it, and
// examples whose learner is not their family's default arrive with it preset.

const makeServices = servicesPerTest();

describe('diagram:setTrainChoice', () => {
  it('keeps a valid choice in the snapshot, forgets it on null, and refuses bad choices and unknown diagrams', async () => {
    const { services } = makeServices();
    const example = await openXorExample(services);
    const diagramId = example.diagrams[0].id;
    expect(example.trainChoices).toEqual({});
    const choice = { algorithm: 'boltzmann', epochs: '40', seed: '9', config: { learningRate: '0.05' }, datasetId: 'xor' };
    valueOf(await services.handle('diagram:setTrainChoice', { diagramId, choice }));
    expect(valueOf(await services.handle('project:get', undefined))?.trainChoices).toEqual({ [diagramId]: choice });

    const bad = errorOf(await services.handle('diagram:setTrainChoice', { diagramId, choice: { algorithm: 'cd', epochs: 40 } as never }));
    expect(bad).toMatchObject({ code: 'invalid-argument' });
    expect(bad.message).toContain('choice: null or { algorithm, epochs, seed: strings');
    expect(errorOf(await services.handle('diagram:setTrainChoice', { diagramId: 'nope', choice }))).toMatchObject({ code: 'not-found', message: "No diagram with id 'nope' in this project." });
    expect(valueOf(await services.handle('project:get', undefined))?.trainChoices).toEqual({ [diagramId]: choice });

    valueOf(await services.handle('diagram:setTrainChoice', { diagramId, choice: null }));
    expect(valueOf(await services.handle('project:get', undefined))?.trainChoices).toEqual({});
  });

  it('the Peterson & Anderson example opens with its learner preset: mean-field Boltzmann learning, input→output', async () => {
    const { services } = makeServices();
    const snapshot = valueOf(await services.handle('project:openExample', { exampleId: 'peterson-anderson-xor' }));
    expect(snapshot.trainChoices?.['peterson-anderson-xor']).toMatchObject({ algorithm: 'meanfield-boltzmann', config: { mode: 'input-output', inputUnits: '2' } });
  });
});
