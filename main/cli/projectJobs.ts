/**
 * Jobs on a project file from the command line: the same RunService, worker threads and write-behind storage as the app,
 * over one project opened for writing. Progress drives a bar on stderr; Ctrl-C cancels (the run is stored as cancelled,
 * however many signals follow).
 */
import type { BackendName } from '../../engine/backend/selectBackend';
import { openProject } from '../../projects/storage/openProject';
import type { ProjectStore } from '../../projects/types';
import type { ApiEvents, RunSummary } from '../api/contract';
import { JobRunner } from '../jobs/jobRunner';
import { ApiEventBus } from '../services/eventBus';
import { SingleProjectHost } from '../services/runHost';
import { RunService } from '../services/runService';
import { InputError } from './inputs';
import { ProgressReporter } from './progress';
import { StopSignals } from './stopSignals';

/** What a command gets while the project is open. */
export interface ProjectJobs {
  store: ProjectStore;
  runs: RunService;
  host: SingleProjectHost;
  /** Waits for a started run to end, showing its progress; Ctrl-C cancels it. */
  follow(run: RunSummary, label: string): Promise<ApiEvents['run:ended']>;
}

/**
 * Opens `file` for writing, runs `task`, then stops the worker and closes the project (also on failure). Runs left
 * queued, running or paused by a process that is gone are marked interrupted first: holding the writer lock proves no
 * live process runs them. From before the open to after the close, Ctrl-C and SIGTERM cancel the followed run once and
 * are then ignored (stopSignals.ts), so the file is closed consistently and its lock removed.
 */
export async function withProjectJobs<T>(file: string, backend: BackendName | undefined, task: (jobs: ProjectJobs) => Promise<T>): Promise<T> {
  const signals = new StopSignals();
  try {
    return await withOpenJobs(file, backend, signals, task);
  } finally {
    signals.dispose();
  }
}

async function withOpenJobs<T>(file: string, backend: BackendName | undefined, signals: StopSignals, task: (jobs: ProjectJobs) => Promise<T>): Promise<T> {
  const store = await openProject(file).catch((error: unknown) => {
    throw new InputError(error instanceof Error ? error.message : String(error));
  });
  try {
    await store.markInterruptedRuns();
  } catch (error) {
    await store.close();
    throw error;
  }
  const host = new SingleProjectHost(store);
  const events = new ApiEventBus();
  const runner = new JobRunner({ maxConcurrent: 1 });
  const runs = new RunService({ host, runner, events, preferredBackend: backend, backendName: async () => backend ?? 'auto' });
  const follow = (started: RunSummary, label: string) =>
    new Promise<ApiEvents['run:ended']>((resolve) => {
      const bar = new ProgressReporter(label);
      let offStop = (): void => undefined;
      const offProgress = events.on('run:progress', (p) => {
        if (p.runId === started.id) bar.update(p.step, p.totalSteps, p.metrics, p.etaSeconds);
      });
      const offEnded = events.on('run:ended', (ended) => {
        if (ended.run.id !== started.id) return;
        bar.finish();
        offProgress();
        offEnded();
        offStop();
        resolve(ended);
      });
      // Registered after run:ended's listener: a signal that came before the run started cancels it at once.
      offStop = signals.whenStopped(() => void runs.cancel(started.id).catch(() => undefined));
    });
  try {
    return await task({ store, runs, host, follow });
  } finally {
    await runs.endRunsOf(host.requireProject());
    await runner.dispose();
    await host.close();
  }
}
