import { describe, expect, it } from 'vitest';
import { shapeOfKey, trainingDatasetShape, trainingDatasetShapeKey } from '../../../renderer/src/inside/trainingShape';
import { initialState, type StudioState } from '../../../renderer/src/store/state';
import { run } from '../fixtures';

describe('image shape of the training dataset', () => {
  const bars = { id: 'bars', name: 'Bars', width: 9, rowCount: 14, imageShape: { rows: 3, cols: 3 }, preview: [] };
  const flat = { id: 'flat', name: 'Flat', width: 9, rowCount: 4, preview: [] };
  const state = (runs: ReturnType<typeof run>[]): StudioState => ({
    ...initialState('light'),
    activeDiagramId: 'd1',
    project: { path: null, name: 'p', dirty: false, readOnly: false, datasets: [bars, flat] },
    runs: { summaries: Object.fromEntries(runs.map((r) => [r.id, r])), order: runs.map((r) => r.id), series: {}, progress: {} },
  });

  it("is the newest training run's dataset shape for the active diagram, as the stored object", () => {
    const s = state([run('a', { datasetId: 'flat' }), run('b', { datasetId: 'bars' }), run('c', { diagramId: 'other', datasetId: 'flat' })]);
    expect(trainingDatasetShape(s)).toBe(bars.imageShape);
    expect(trainingDatasetShape(state([run('b', { datasetId: 'bars' }), run('a', { datasetId: 'flat' })]))).toBeUndefined();
    expect(trainingDatasetShape(state([run('s', { kind: 'sample', datasetId: 'bars' })]))).toBeUndefined();
    expect(trainingDatasetShape(state([]))).toBeUndefined();
  });

  it('has a primitive key that stays equal when an echo replaces the dataset objects', () => {
    const runs = [run('b', { datasetId: 'bars' })];
    const first = state(runs);
    const echoed = { ...first, project: { ...first.project!, datasets: first.project!.datasets.map((d) => ({ ...d, imageShape: d.imageShape && { ...d.imageShape } })) } };
    expect(trainingDatasetShape(echoed)).not.toBe(trainingDatasetShape(first));
    expect(trainingDatasetShapeKey(echoed)).toBe(trainingDatasetShapeKey(first));
    expect(shapeOfKey(trainingDatasetShapeKey(first))).toEqual(bars.imageShape);
    expect(trainingDatasetShapeKey(state([]))).toBeUndefined();
    expect(shapeOfKey(undefined)).toBeUndefined();
  });
});
