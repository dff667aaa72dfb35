/**
 * Entry of a job worker thread: runs one job at a time as main sends them ({type: 'job'}), each to exactly one final
 * done or error message; control messages in between go to the job running.
 */
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../../engine/backend/selectBackend';
import { compile } from '../../engine/compiler/compile';
import { TrainingError } from '../../engine/train/train';
import { createJobContext, type JobContext } from './jobControl';
import type { WorkerRequest } from './jobRunner';
import { JOB_HANDLERS } from './kinds';
import type { FromWorker, JobSpec } from './messages';

const port = parentPort;
if (!port) throw new Error('jobWorker must run in a worker thread.');
const send = (message: FromWorker, transfer: ArrayBuffer[]) => port.postMessage(message, transfer);
let current: ReturnType<typeof createJobContext> | undefined;

async function run(job: JobSpec, context: JobContext): Promise<void> {
  const started = performance.now();
  const backend = await selectBackend(job.preferredBackend);
  context.post({ type: 'started', backend });
  const compiled = compile(job.diagram);
  if (!compiled.ok) {
    const problems = compiled.diagnostics.map((d) => d.message).join('; ');
    context.post({ type: 'error', code: 'internal', message: `The diagram does not compile: ${problems}` });
    return;
  }
  const parameters = await JOB_HANDLERS[job.kind](job as never, compiled.model, context);
  context.post({ type: 'done', parameters, seconds: (performance.now() - started) / 1000 });
}

port.on('message', (message: WorkerRequest) => {
  if (message.type !== 'job') {
    current?.control(message);
    return;
  }
  const context = createJobContext(send);
  current = context;
  run(message.job, context)
    .catch((error: unknown) => {
      if (error instanceof TrainingError) {
        const kept = error.lastGoodStep === undefined ? {} : { lastGoodStep: error.lastGoodStep };
        context.post({ type: 'error', code: error.code, message: error.message, lastGood: error.lastGood, ...kept });
      } else context.post({ type: 'error', code: 'internal', message: error instanceof Error ? error.message : String(error) });
    })
    .finally(() => {
      if (current === context) current = undefined;
    });
});
