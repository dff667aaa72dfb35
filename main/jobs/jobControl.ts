/**
 * Worker-side control of one job: cancellation (an AbortSignal), pause/resume, and yielding so control messages get in
 * while a job's steps never yield by themselves.
 */
import { copyParameters, parameterBuffers, type FromWorker, type PlainParameters, type ToWorker } from './messages';

/** What a job handler gets from the worker. */
export interface JobContext {
  /** Aborted when main cancels the job. */
  readonly signal: AbortSignal;
  /** Sends a message to main; parameters in it are copied first and their buffers transferred. */
  post(message: FromWorker): void;
  /** Call between steps: lets cancel/pause messages in (at most every 10 ms) and holds while paused. */
  between(): Promise<void>;
}

/** Longest stretch of work without letting control messages in. */
const YIELD_EVERY_MS = 10;

/** The parameters a message carries, if any. */
function carried(message: FromWorker): PlainParameters | undefined {
  if (message.type === 'progress' || message.type === 'done') return message.parameters;
  if (message.type === 'error') return message.lastGood;
  return undefined;
}

/** Control for one job: `send` posts to main, control() takes main's cancel/pause/resume messages. */
export function createJobContext(send: (message: FromWorker, transfer: ArrayBuffer[]) => void): JobContext & { control(message: ToWorker): void } {
  const controller = new AbortController();
  let resumeWaiters: (() => void)[] | undefined;
  let lastYield = -Infinity;

  const post = (message: FromWorker): void => {
    const parameters = carried(message);
    if (!parameters) {
      const values = message.type === 'output' ? message.output.array?.values : undefined;
      const whole = values && values.buffer instanceof ArrayBuffer && values.byteLength === values.buffer.byteLength;
      send(message, whole ? [values.buffer as ArrayBuffer] : []);
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
