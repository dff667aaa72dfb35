import { parentPort, workerData } from 'node:worker_threads';
import { selectBackend } from '../../engine/backend/selectBackend';
import { compile } from '../../engine/compiler/compile';
import { parametersFromModel } from '../../engine/model/parameters';
import { TrainingError, trainModel } from '../../engine/train/train';
import { copyParameters, parameterBuffers, type FromWorker, type PlainParameters, type ToWorker, type TrainJob } from './messages';

const port = parentPort;
if (!port) throw new Error('trainWorker must run in a worker thread.');
const { job } = workerData as { job: TrainJob };
const controller = new AbortController();
let resumeWaiters: (() => void)[] | undefined;

function post(message: FromWorker, parameters?: PlainParameters): void {
  port?.postMessage(message, parameters ? parameterBuffers(parameters) : []);
}

port.on('message', (message: ToWorker) => {
  if (message.type === 'cancel') {
    controller.abort();
    resume();
  } else if (message.type === 'pause') {
    resumeWaiters ??= [];
  } else if (message.type === 'resume') {
    resume();
  }
});

function resume(): void {
  const waiters = resumeWaiters ?? [];
  resumeWaiters = undefined;
  for (const wake of waiters) wake();
}

/** Longest stretch of training without letting cancel/pause messages in (an epoch's work may never yield by itself). */
const YIELD_EVERY_MS = 10;
let lastYield = performance.now();

/** Lets queued control messages run, then holds while paused. */
async function betweenEpochs(): Promise<void> {
  if (performance.now() - lastYield >= YIELD_EVERY_MS) {
    await new Promise((resolve) => setImmediate(resolve));
    lastYield = performance.now();
  }
  if (resumeWaiters) {
    const waiters = resumeWaiters;
    await new Promise<void>((wake) => waiters.push(wake));
  }
}

async function run(): Promise<void> {
  const started = performance.now();
  const backend = await selectBackend(job.preferredBackend);
  post({ type: 'started', backend });
  const compiled = compile(job.diagram);
  if (!compiled.ok) {
    const problems = compiled.diagnostics.map((d) => d.message).join('; ');
    post({ type: 'error', code: 'internal', message: `The diagram does not compile: ${problems}` });
    return;
  }
  const request = { algorithm: job.algorithm, epochs: job.epochs, seed: job.seed, config: job.config };
  const trained = await trainModel(compiled.model, job.dataset, request, parametersFromModel(compiled.model), {
    signal: controller.signal,
    onEpoch: (epoch) => {
      const checkpoint = job.checkpointEvery > 0 && epoch.step % job.checkpointEvery === 0 && epoch.step < epoch.totalSteps;
      const parameters = checkpoint ? copyParameters(epoch.parameters) : undefined;
      post({ type: 'epoch', step: epoch.step, totalSteps: epoch.totalSteps, metrics: { ...epoch.metrics }, parameters }, parameters);
      return betweenEpochs();
    },
  });
  const parameters = copyParameters(trained);
  post({ type: 'done', parameters, seconds: (performance.now() - started) / 1000 }, parameters);
}

run().catch((error: unknown) => {
  if (error instanceof TrainingError) {
    const lastGood = error.lastGood ? copyParameters(error.lastGood) : undefined;
    post({ type: 'error', code: error.code, message: error.message, lastGood }, lastGood);
  } else {
    post({ type: 'error', code: 'internal', message: error instanceof Error ? error.message : String(error) });
  }
});
