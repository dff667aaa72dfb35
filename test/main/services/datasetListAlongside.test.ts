import { afterEach, describe, expect, it } from 'vitest';
import { createDatasetHandlers } from '../../../main/services/datasetService';
import type { ProjectSession } from '../../../main/services/projectSession';
import { createProject } from '../../../projects/storage/openProject';
import type { ProjectStore } from '../../../projects/types';
import { makeTempDir, plainDataset } from '../../projects/helpers';

let temp: ReturnType<typeof makeTempDir> | undefined;
afterEach(() => temp?.cleanup());

describe('dataset:list', () => {
  it('reads alongside run progress writes instead of queuing behind every edit (which waits for those writes)', async () => {
    temp = makeTempDir();
    const store: ProjectStore = await createProject(`${temp.dir}/list.attractor`, 'List');
    try {
      await store.putDataset(plainDataset('xor'));
      const project = { store };
      // An edit queued behind a long progress write: exclusive tasks do not start until it ends.
      const session = {
        requireProject: () => project,
        withProject: () => new Promise(() => undefined),
        alongside: (_project: unknown, task: (s: ProjectStore) => Promise<unknown>) => task(store),
      } as unknown as ProjectSession;
      const handlers = createDatasetHandlers(session, { emit: () => undefined } as never);
      const listed = (await handlers['dataset:list'](undefined)) as { id: string }[];
      expect(listed.map((d) => d.id)).toEqual(['xor']);
    } finally {
      await store.close();
    }
  });
});
