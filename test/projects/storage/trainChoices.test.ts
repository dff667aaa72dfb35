import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { SqliteDatabase } from '../../../projects/storage/db';
import type { ProjectStore, TrainChoice } from '../../../projects/types';
import { makeTempDir, unitDiagram } from '../helpers';

let temp: ReturnType<typeof makeTempDir>;
let path: string;
let store: ProjectStore;

beforeEach(async () => {
  temp = makeTempDir();
  path = join(temp.dir, 'choices.attractor');
  store = await createProject(path, 'Choices');
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

const pcd: TrainChoice = { algorithm: 'pcd', epochs: '77', seed: '4', config: { learningRate: '0.05', chains: '100' }, datasetId: 'bars' };

describe('train choices', () => {
  it('keeps a choice per diagram across reopening, replaces it, and forgets it with the diagram or on null', async () => {
    const diagram = unitDiagram();
    await store.putDiagram(diagram);
    expect(await store.listTrainChoices()).toEqual({});
    await store.putTrainChoice(diagram.id, pcd);
    await store.putTrainChoice('other', { algorithm: 'cd', epochs: '5', seed: '1', config: {} });
    await store.close();
    store = await openProject(path);
    expect(await store.listTrainChoices()).toEqual({ [diagram.id]: pcd, other: { algorithm: 'cd', epochs: '5', seed: '1', config: {} } });
    await store.putTrainChoice(diagram.id, { ...pcd, epochs: '80' });
    expect((await store.listTrainChoices())[diagram.id].epochs).toBe('80');
    await store.deleteDiagram(diagram.id);
    await store.putTrainChoice('other', null);
    expect(await store.listTrainChoices()).toEqual({});
    expect(await store.getName()).toBe('Choices');
  });

  it('leaves out an entry that is not a choice instead of failing the project', async () => {
    await store.putTrainChoice('good', pcd);
    await store.close();
    const db = await SqliteDatabase.open(path, 'readwrite');
    await db.run(`INSERT INTO meta (key, value) VALUES ('train-choice:bad-json', '{not json'), ('train-choice:bad-shape', '{"algorithm": 3}')`);
    await db.close();
    store = await openProject(path);
    expect(await store.listTrainChoices()).toEqual({ good: pcd });
  });
});
