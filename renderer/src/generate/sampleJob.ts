/** A sampling job through the API: start it, wait for it to end, read its samples back as '0'/'1' strings. */
import type { ApiResult, AttractorApi, JobRequest, OutputSummary, RunStatus, RunSummary } from '../../../main/api/contract';

const ENDED: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'interrupted'];

/** The value of an API result, or an Error carrying main's message. */
export function valueOrThrow<T>(result: ApiResult<T>, what: string): T {
  if (result.ok) return result.value;
  throw new Error(`${what}: ${result.error.message}`);
}

/** Consecutive failed run:get polls after which waitForRun gives up (the run was deleted or the project closed). */
const MAX_FAILED_POLLS = 3;

/** The error a wait ends with when its AbortSignal fires. */
function abortError(): Error {
  return new DOMException('The wait for the run was aborted.', 'AbortError');
}

/**
 * Resolves with the run's summary once it has ended: on its run:ended event, or when a run:get poll finds it ended.
 * Rejects when `signal` aborts, or when run:get fails MAX_FAILED_POLLS times in a row (the run is gone).
 */
export function waitForRun(api: AttractorApi, runId: string, pollMs = 1000, signal?: AbortSignal): Promise<RunSummary> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    let done = false;
    let failures = 0;
    const settle = (outcome: () => void) => {
      if (done) return;
      done = true;
      unsubscribe();
      clearInterval(timer);
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const finish = (run: RunSummary) => settle(() => resolve(run));
    const fail = (message: string) => settle(() => reject(new Error(`Lost track of run ${runId}: ${message}. Reopen the project and look for the run in the Train panel.`)));
    const onAbort = () => settle(() => reject(abortError()));
    const unsubscribe = api.on('run:ended', ({ run }) => {
      if (run.id === runId) finish(run);
    });
    signal?.addEventListener('abort', onAbort);
    // Events can be missed across a reconnect of the bridge; polling makes the wait end regardless.
    const timer = setInterval(() => {
      api.call('run:get', { runId }).then(
        (result) => {
          if (!result.ok) {
            if (++failures >= MAX_FAILED_POLLS) fail(result.error.message);
            return;
          }
          failures = 0;
          if (ENDED.includes(result.value.status)) finish(result.value);
        },
        (error: unknown) => {
          if (++failures >= MAX_FAILED_POLLS) fail(error instanceof Error ? error.message : String(error));
        },
      );
    }, pollMs);
  });
}

/** The final states of a sampling run (not the lowest-energy states an annealing run also stores). */
export function finalSamplesOutput(outputs: OutputSummary[]): OutputSummary | undefined {
  return outputs.find((o) => o.kind === 'samples' && o.summary.states !== 'lowest-energy');
}

export interface SampledStates {
  run: RunSummary;
  /** One '0'/'1' string per sample over the visible units (compiled visible order). */
  samples: string[];
  /** The output's figures (mean energy, …). */
  summary: Record<string, unknown>;
}

/**
 * Runs a sampling job of the visible units to its end and reads its samples (Error with main's message on failure).
 * Aborting `signal` stops the wait (an AbortError); cancelling the job is the caller's (it gets the run from onStarted).
 */
export async function sampleVisible(api: AttractorApi, request: Omit<JobRequest, 'kind'>, onStarted?: (run: RunSummary) => void, signal?: AbortSignal): Promise<SampledStates> {
  const started = valueOrThrow(await api.call('job:start', { ...request, kind: 'sample', config: { ...request.config, units: 'visible' } }), 'Could not start sampling');
  onStarted?.(started);
  const run = await waitForRun(api, started.id, 1000, signal);
  if (run.status !== 'completed') throw new Error(`Sampling ${run.status}${run.error ? `: ${run.error}` : ''}`);
  const output = finalSamplesOutput(valueOrThrow(await api.call('output:list', { runId: run.id }), 'Could not list the samples'));
  if (!output) throw new Error('The sampling run stored no samples.');
  const data = valueOrThrow(await api.call('output:get', { outputId: output.id }), 'Could not read the samples');
  if (signal?.aborted) throw abortError();
  if (!data.array || data.array.shape.length !== 2) throw new Error('The samples output holds no count × width array.');
  const [count, width] = data.array.shape;
  const values = data.array.values;
  const samples = Array.from({ length: count }, (_, r) => values.slice(r * width, (r + 1) * width).map((v) => (v > 0 ? '1' : '0')).join(''));
  return { run, samples, summary: data.summary };
}
