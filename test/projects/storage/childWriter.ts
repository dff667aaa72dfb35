/**
 * Child process for the kill -9 test: opens the project for writing, records a running run, then appends one metric
 * row per transaction forever, printing "committed <step>" after each commit, until the parent SIGKILLs it.
 */
import { openProject } from '../../../projects/storage/openProject';
import { sampleRun } from '../helpers';

const path = process.argv[2];
const store = await openProject(path);
await store.putRun(sampleRun('doomed', 'running'));
process.stdout.write('run\n');
for (let step = 1; ; step++) {
  await store.appendMetrics('doomed', [{ step, values: { kl: 1 / step, logLikelihood: -step } }]);
  process.stdout.write(`committed ${step}\n`);
}
