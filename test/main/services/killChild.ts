/**
 * Child process of the kill -9 test: opens a saved project, starts a long training run (checkpoint every 50 epochs) and
 * keeps renaming the diagram while it trains, printing "edited N" after each rename is acknowledged. Once the file holds
 * the running run with a checkpoint and a few edits, it prints "ready STEP" (STEP: the run's stored lastStep), then goes
 * on until the parent's SIGKILL.
 */
import { createAppServices } from '../../../main/services/appServices';
import type { ApiResult } from '../../../main/api/contract';
import { openProject } from '../../../projects/storage/openProject';

const [projectPath, dataDir] = process.argv.slice(2);
const services = createAppServices({ mode: 'browser', dataDir });

function valueOf<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

const project = valueOf(await services.handle('project:open', { path: projectPath }));
const diagram = project.diagrams[0];
const run = valueOf(
  await services.handle('run:start', {
    diagramId: diagram.id,
    datasetId: project.datasets[0].id,
    algorithm: 'boltzmann-exact',
    epochs: 1_000_000,
    seed: 5,
    config: { checkpointEvery: 50 },
  }),
);

let edits = 0;
void (async () => {
  for (;;) {
    edits++;
    valueOf(await services.handle('diagram:put', { diagram: { ...diagram, name: `edit ${edits}` } }));
    process.stdout.write(`edited ${edits}\n`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
})();

for (;;) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const reader = await openProject(projectPath, { readOnly: true });
  const stored = await reader.getRun(run.id);
  const checkpoints = await reader.listCheckpoints(run.id);
  await reader.close();
  if (stored?.status === 'running' && checkpoints.length >= 2 && edits >= 5) {
    process.stdout.write(`ready ${stored.lastStep}\n`);
    break;
  }
}
setInterval(() => undefined, 1000);
