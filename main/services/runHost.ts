import type { ProjectStore } from '../../projects/types';
import { ServiceError } from './errors';
import type { OpenProject } from './projectSession';
import { AccessQueue } from './serialQueue';

/** What the run service needs from whoever holds the open project: ProjectSession in the app, SingleProjectHost in the CLI. */
export interface RunHost {
  requireProject(): OpenProject;
  /** Runs a task on the project's store after every task before it and before any after it; fails once that project has been closed. */
  withProject<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T>;
  /** Runs a read, or a store of run progress, alongside other such tasks (waiting only for withProject tasks before it). */
  alongside<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T>;
  /** Records an edit of the project. */
  markDirty(project: OpenProject): Promise<void>;
}

/** One project opened for a command-line job, until close(). */
export class SingleProjectHost implements RunHost {
  private readonly queue = new AccessQueue();
  private readonly project: OpenProject;
  private closed = false;

  constructor(store: ProjectStore) {
    this.project = { store, path: store.path, scratchPath: null, dirty: false, edited: false };
  }

  requireProject(): OpenProject {
    if (this.closed) throw new ServiceError('no-project', 'The project was closed.');
    return this.project;
  }

  withProject<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T> {
    return this.queue.exclusive(() => this.onStore(project, task));
  }

  alongside<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T> {
    return this.queue.shared(() => this.onStore(project, task));
  }

  private async onStore<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T> {
    if (this.closed || project !== this.project) throw new ServiceError('no-project', 'The project was closed.');
    return task(project.store);
  }

  async markDirty(project: OpenProject): Promise<void> {
    project.edited = true;
    project.dirty = true;
  }

  /** Waits for queued store tasks, then closes the store. */
  close(): Promise<void> {
    return this.queue.exclusive(async () => {
      this.closed = true;
      await this.project.store.close();
    });
  }
}
