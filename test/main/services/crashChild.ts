/**
 * Child process for the crash-recovery test: opens the XOR example as an untitled project, adds a hidden unit, starts a
 * long training run, prints "ready" once the running run and some of its metrics are in the scratch file, then waits
 * for the parent's SIGKILL.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { nodeId } from '../../../engine/diagram/ids';
import type { UnitNode } from '../../../engine/diagram/types';
import type { ApiResult } from '../../../main/api/contract';
import { createAppServices } from '../../../main/services/appServices';
import { openProject } from '../../../projects/storage/openProject';

const dataDir = process.argv[2];
const services = createAppServices({ mode: 'browser', dataDir });

function valueOf<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const example = valueOf(await services.handle('project:openExample', { exampleId: 'xor-boltzmann' }));
const diagram = example.diagrams[0];
const extra: UnitNode = { id: nodeId('h-extra'), kind: 'unit', label: 'h5', position: { x: 400, y: 300 }, role: 'hidden' };
valueOf(await services.handle('diagram:put', { diagram: { ...diagram, nodes: [...diagram.nodes, extra] } }));
valueOf(
  await services.handle('run:start', {
    diagramId: diagram.id,
    datasetId: example.datasets[0].id,
    algorithm: 'boltzmann-exact',
    epochs: 10_000_000,
    seed: 3,
    config: {},
  }),
);

const scratch = join(dataDir, 'scratch', readdirSync(join(dataDir, 'scratch')).find((name) => name.endsWith('.attractor')) as string);
for (;;) {
  const reader = await openProject(scratch, { readOnly: true });
  const [run] = await reader.listRuns();
  const metrics = run ? await reader.listMetrics(run.id) : [];
  await reader.close();
  if (run?.status === 'running' && metrics.length > 0) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
process.stdout.write('ready\n');
setInterval(() => undefined, 1000);
