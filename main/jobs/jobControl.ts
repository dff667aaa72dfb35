/**
 * Worker-side control of one job: cancellation (an AbortSignal), pause/resume, yielding so control messages get in
 * while a job's steps never yield by themselves, and batching of progress so a fast job does not flood the main thread.
 */
import { packBits } from '../../projects/storage/codec';
import { copyParameters, parameterBuffers, type FromWorker, type OutputDraft, type PlainParameters, type ProgressStep, type ToWorker } from './messages';

/** What a job handler gets from the worker. */
export interface JobContext {
  /** Aborted when main cancels the job. */
  readonly signal: AbortSignal;
  /** Reports a finished step; steps are sent in batches at most PROGRESS_BATCH_MS apart (parameters copied at once). */
  progress(step: ProgressStep): void;
  /** Sends any other message to main, after the progress batched before it; parameters in it are copied and transferred. */
  post(message: Exclude<FromWorker, { type: 'progress' }>): void;
  /** Call between steps: lets cancel/pause messages in (at most every 10 ms) and holds while paused. */
  between(): Promise<void>;
}

/** Longest stretch of work without letting control messages in. */
const YIELD_EVERY_MS = 10;
/** Longest a finished step waits before it is sent (a job at 1,000 steps/s sends 50 messages/s, not 1,000). */
export const PROGRESS_BATCH_MS = 20;

/** The draft with 0/1 bits packed 8 per byte (an eighth of the bytes to move, no per-bit pass on the main thread). */
function withPackedBits(output: OutputDraft): OutputDraft {
  const array = output.array;
  if (array?.dtype !== 'bits') return output;
  return { ...output, array: { dtype: 'packed-bits', shape: array.shape, bytes: packBits(array.values) } };
}

/** The output's array buffer, for the transfer list, when it owns the whole buffer. */
function outputBuffers(output: OutputDraft): ArrayBuffer[] {
  const array = output.array;
  if (!array) return [];
  const view = array.dtype === 'packed-bits' ? array.bytes : array.values;
  return view.buffer instanceof ArrayBuffer && view.byteLength === view.buffer.byteLength ? [view.buffer] : [];
}

/** Control for one job: `send` posts to main, control() takes main's cancel/pause/resume messages. */
export function createJobContext(send: (message: FromWorker, transfer: ArrayBuffer[]) => void): JobContext & { control(message: ToWorker): void } {
  const controller = new AbortController();
  let resumeWaiters: (() => void)[] | undefined;
  let lastYield = -Infinity;
  let batch: ProgressStep[] = [];
  let batchStarted = 0;
  let batchTimer: ReturnType<typeof setTimeout> | undefined;

  const flush = (): void => {
    clearTimeout(batchTimer);
    batchTimer = undefined;
    if (batch.length === 0) return;
    const steps = batch;
    batch = [];
    send({ type: 'progress', steps }, steps.flatMap((s) => (s.parameters ? parameterBuffers(s.parameters) : [])));
  };

  const progress = (step: ProgressStep): void => {
    if (batch.length === 0) {
      batchStarted = performance.now();
      batchTimer = setTimeout(flush, PROGRESS_BATCH_MS);
    }
    batch.push(step.parameters ? { ...step, parameters: copyParameters(step.parameters) } : step);
    if (performance.now() - batchStarted >= PROGRESS_BATCH_MS) flush();
  };

  const post = (message: Exclude<FromWorker, { type: 'progress' }>): void => {
    flush();
    if (message.type === 'output') {
      const output = withPackedBits(message.output);
      send({ type: 'output', output }, outputBuffers(output));
      return;
    }
    const parameters: PlainParameters | undefined = message.type === 'done' ? message.parameters : message.type === 'error' ? message.lastGood : undefined;
    if (!parameters) {
      send(message, []);
      return;
    }
    const copy = copyParameters(parameters);
    const withCopy = message.type === 'error' ? { ...message, lastGood: copy } : { ...message, parameters: copy };
    send(withCopy, parameterBuffers(copy));
  };

  const wake = (): void => {
    const waiters = resumeWaiters ?? [];
    resumeWaiters = undefined;
    for (const resume of waiters) resume();
  };

  return {
    signal: controller.signal,
    progress,
    post,
    control(message) {
      if (message.type === 'cancel') {
        controller.abort();
        wake();
      } else if (message.type === 'pause') {
        resumeWaiters ??= [];
      } else if (message.type === 'resume') {
        wake();
      }
    },
    async between() {
      if (batch.length > 0 && performance.now() - batchStarted >= PROGRESS_BATCH_MS) flush();
      if (performance.now() - lastYield >= YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
      if (resumeWaiters && !controller.signal.aborted) {
        const waiters = resumeWaiters;
        post({ type: 'paused' });
        await new Promise<void>((resume) => waiters.push(resume));
        if (!controller.signal.aborted) post({ type: 'resumed' });
        lastYield = performance.now();
      }
    },
  };
}
