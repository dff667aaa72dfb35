import { existsSync } from 'node:fs';
import { mkdir, realpath, rm } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { diagramId, freshId } from '../../engine/diagram/ids';
import { DIAGRAM_FORMAT_VERSION, type Diagram } from '../../engine/diagram/types';
import { listExamples, loadExample } from '../../projects/examples/index';
import { createProject, openProject, openProjectForEditing } from '../../projects/storage/openProject';
import { PROJECT_EXTENSION, ProjectOpenError, type ProjectStore } from '../../projects/types';
import type { ProjectSnapshot } from '../api/contract';
import { ServiceError, writeFailureReason } from './errors';
import type { ApiEventBus } from './eventBus';
import type { RecentProjects } from './recentProjects';
import { scratchFolder, SIDE_SUFFIXES } from './scratchRecovery';
import { AccessQueue, SerialQueue } from './serialQueue';
import { buildSnapshot } from './snapshot';

/** Native file dialogs (Electron); resolve to undefined when the user cancels. */
export interface ProjectDialogs {
  chooseProjectToOpen(): Promise<string | undefined>;
  chooseSaveLocation(suggestedName: string): Promise<string | undefined>;
}

/** The open document. Its store and path change on Save As; a new object is made for every other switch. */
export interface OpenProject {
  store: ProjectStore;
  /** The saved file, or null while untitled. */
  path: string | null;
  /** The scratch file holding an untitled project, deleted once it is saved elsewhere or discarded. */
  scratchPath: string | null;
  dirty: boolean;
  /** Whether the user changed anything since it was opened; an edited untitled project is kept for recovery when replaced. */
  edited: boolean;
}

export interface ProjectSessionOptions {
  mode: 'electron' | 'browser';
  dataDir: string;
  events: ApiEventBus;
  recent: RecentProjects;
  dialogs?: ProjectDialogs;
  /** Awaited before the open project is replaced or closed (ends its runs). */
  beforeSwitch?: (project: OpenProject) => Promise<void>;
}

/** Name of a new untitled project. */
export const UNTITLED_NAME = 'Untitled';

/** Adds the project extension unless the path already ends with it; makes the path absolute. */
export function projectFilePath(path: string): string {
  const absolute = resolve(path);
  return extname(absolute).toLowerCase() === PROJECT_EXTENSION ? absolute : `${absolute}${PROJECT_EXTENSION}`;
}

function emptyDiagram(): Diagram {
  return {
    format: 'attractor-diagram',
    version: DIAGRAM_FORMAT_VERSION,
    id: diagramId(freshId('diagram')),
    name: 'Diagram 1',
    settings: { encoding: 'pm1' },
    nodes: [],
    edges: [],
  };
}

/** One open project at a time: untitled ones in a scratch file, saved ones edited in place. */
export class ProjectSession {
  private current: OpenProject | undefined;
  /** Store work of the open project, in order. */
  private readonly queue = new AccessQueue();
  /** Project switches and closes, one at a time, so each ends the runs of the project it replaces. */
  private readonly switches = new SerialQueue();

  constructor(private readonly options: ProjectSessionOptions) {}

  /** The open project, or a 'no-project' error. */
  requireProject(): OpenProject {
    if (!this.current) throw new ServiceError('no-project', 'No project is open. Create a new project or open one first.');
    return this.current;
  }

  /** Runs a task on a project's store after every task before it, and before any after it; fails once that project has been closed. */
  withProject<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T> {
    return this.queue.exclusive(async () => {
      if (this.current !== project) throw new ServiceError('no-project', 'The project was closed.');
      return task(project.store);
    });
  }

  /**
   * Runs a task that reads, or stores a run's progress, alongside other such tasks: it waits only for the exclusive
   * tasks before it (edits, Save As, closing). The store keeps writes in order and reads from its own connection.
   */
  alongside<T>(project: OpenProject, task: (store: ProjectStore) => Promise<T>): Promise<T> {
    return this.queue.shared(async () => {
      if (this.current !== project) throw new ServiceError('no-project', 'The project was closed.');
      return task(project.store);
    });
  }

  /** Records an edit; announces the project as changed when it was clean. */
  async markDirty(project: OpenProject): Promise<void> {
    project.edited = true;
    if (project.dirty || this.current !== project) return;
    project.dirty = true;
    this.options.events.emit('project:changed', await this.snapshotOf(project));
  }

  async snapshotOf(project: OpenProject): Promise<ProjectSnapshot> {
    return { ...(await buildSnapshot(project.store, { path: project.path, dirty: project.dirty })), edited: project.edited };
  }

  /** Canonical path of the open untitled project's scratch file, or null when none is open. */
  openScratchFile(): string | null {
    return this.current?.scratchPath ? this.current.store.path : null;
  }

  get(): Promise<ProjectSnapshot | null> {
    return this.queue.shared(async () => (this.current ? this.snapshotOf(this.current) : null));
  }

  newProject(): Promise<ProjectSnapshot> {
    return this.switchTo(async () => {
      const scratchPath = await this.scratchPath();
      const store = await createProject(scratchPath, UNTITLED_NAME);
      return this.prepare({ store, path: null, scratchPath, dirty: true, edited: false }, (created) => created.putDiagram(emptyDiagram()));
    });
  }

  async openExample(exampleId: string): Promise<ProjectSnapshot> {
    const example = await loadExample(exampleId);
    if (!example) {
      const known = listExamples().map((e) => `'${e.id}'`);
      throw new ServiceError('not-found', `No example '${exampleId}'. Available examples: ${known.join(', ')}.`);
    }
    return this.switchTo(async () => {
      const scratchPath = await this.scratchPath();
      const store = await createProject(scratchPath, example.name);
      return this.prepare({ store, path: null, scratchPath, dirty: true, edited: false }, async (created) => {
        for (const diagram of example.diagrams) await created.putDiagram(diagram);
        for (const dataset of example.datasets) await created.putDataset(dataset);
        for (const [diagramId, choice] of Object.entries(example.trainChoices)) await created.putTrainChoice(diagramId, choice);
      });
    });
  }

  /** Reopens a scratch file left by an earlier session as the untitled project; its edits continue into that file. */
  recover(scratchFile: string): Promise<ProjectSnapshot> {
    if (this.openScratchFile() === scratchFile) return this.get().then((snapshot) => snapshot as ProjectSnapshot);
    return this.switchTo(async () => {
      const store = await openProject(scratchFile).catch((error: unknown) => {
        if (error instanceof ProjectOpenError && error.reason === 'locked') {
          throw new ServiceError('busy', `The unsaved project ${basename(scratchFile)} is open in another running Attractor Studio; continue it there.`);
        }
        throw error;
      });
      try {
        await store.markInterruptedRuns();
      } catch (error) {
        await store.close();
        throw error;
      }
      return { store, path: null, scratchPath: store.path, dirty: true, edited: true };
    });
  }

  async open(requestedPath?: string): Promise<ProjectSnapshot> {
    const chosen = requestedPath ?? (await this.askPath('open'));
    const path = await realpath(chosen).catch(() => resolve(chosen));
    if (this.current?.path === path) return this.get().then((snapshot) => snapshot as ProjectSnapshot);
    return this.switchTo(async () => {
      // A damaged file SQLite can still read, or one in a read-only place, opens read-only (the snapshot says why), so what is intact can be exported.
      const store = await openProjectForEditing(path).catch(async (error: unknown) => {
        if (error instanceof ProjectOpenError && error.reason === 'not-found') await this.options.recent.remove(path);
        throw error;
      });
      return this.prepare({ store, path: store.path, scratchPath: null, dirty: false, edited: false }, async (opened) => {
        if (!opened.readOnly) await opened.markInterruptedRuns();
        await this.options.recent.add(opened.path);
      });
    });
  }

  save(): Promise<ProjectSnapshot> {
    const project = this.requireProject();
    if (project.path === null) {
      throw new ServiceError('invalid-argument', 'This project has not been saved yet: choose a location with Save As.');
    }
    return this.withProject(project, async () => {
      project.dirty = false;
      await this.options.recent.add(project.path as string);
      const snapshot = await this.snapshotOf(project);
      this.options.events.emit('project:changed', snapshot);
      return snapshot;
    });
  }

  async saveAs(requestedPath?: string, overwrite = false): Promise<ProjectSnapshot> {
    const project = this.requireProject();
    const chosen = requestedPath ?? (await this.askPath('save', await project.store.getName()));
    const target = projectFilePath(chosen);
    if (target === project.path) return this.save();
    if (requestedPath !== undefined && !overwrite && existsSync(target)) {
      throw new ServiceError('exists', `${target} already exists. Choose another name, or confirm to replace it.`);
    }
    return this.withProject(project, async (store) => {
      await store.copyTo(target).catch((error: unknown) => {
        if (error instanceof ProjectOpenError) throw error;
        const reason = writeFailureReason(error) ?? (error instanceof Error ? error.message : String(error));
        throw new ServiceError('io', `Cannot save to ${target}: ${reason}. The open project is unchanged; check that the folder exists and is writable.`);
      });
      const saved = await openProject(target);
      await saved.setName(basename(target, extname(target))).catch(async (error: unknown) => {
        await saved.close();
        throw error;
      });
      const previous = { store, scratchPath: project.scratchPath };
      Object.assign(project, { store: saved, path: saved.path, scratchPath: null, dirty: false });
      await this.release(previous);
      await this.options.recent.add(saved.path);
      const snapshot = await this.snapshotOf(project);
      this.options.events.emit('project:changed', snapshot);
      return snapshot;
    });
  }

  /** Closes the open project; an untitled project's scratch file is discarded. */
  async close(): Promise<void> {
    await this.detach((project) => this.release(project));
  }

  /** Closes the store but keeps an untitled project's scratch file (shutdown is not a discard). */
  async shutdown(): Promise<void> {
    await this.detach((project) => project.store.close());
  }

  private detach(finish: (project: OpenProject) => Promise<void>): Promise<void> {
    return this.switches.run(async () => {
      const project = this.current;
      if (!project) return;
      await this.options.beforeSwitch?.(project);
      await this.queue.exclusive(async () => {
        this.current = undefined;
        await finish(project);
      });
    });
  }

  /** Opens the next project with `make`, ends the current one's work, then swaps; a failed open changes nothing. */
  private switchTo(make: () => Promise<OpenProject>): Promise<ProjectSnapshot> {
    return this.switches.run(async () => {
      const next = await make();
      try {
        const previous = this.current;
        if (previous) await this.options.beforeSwitch?.(previous);
        return await this.queue.exclusive(async () => {
          this.current = next;
          // Replacing an edited untitled project keeps its scratch file: it is listed for recovery, never silently lost.
          if (previous) await (previous.scratchPath && previous.edited ? previous.store.close() : this.release(previous));
          const snapshot = await this.snapshotOf(next);
          this.options.events.emit('project:changed', snapshot);
          return snapshot;
        });
      } catch (error) {
        if (this.current !== next) await this.release(next);
        throw error;
      }
    });
  }

  /** Finishes opening a project with `setUp`; on failure releases it (closing its store) and rethrows. */
  private async prepare(project: OpenProject, setUp: (store: ProjectStore) => Promise<unknown>): Promise<OpenProject> {
    try {
      await setUp(project.store);
      return project;
    } catch (error) {
      await this.release(project).catch(() => undefined);
      throw error;
    }
  }

  private async release(project: Pick<OpenProject, 'store' | 'scratchPath'>): Promise<void> {
    await project.store.close();
    if (project.scratchPath) {
      for (const suffix of SIDE_SUFFIXES) await rm(`${project.scratchPath}${suffix}`, { force: true });
    }
  }

  private async scratchPath(): Promise<string> {
    const folder = scratchFolder(this.options.dataDir);
    await mkdir(folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
    return join(folder, `untitled-${stamp}-${freshId('p').slice(2)}${PROJECT_EXTENSION}`);
  }

  private async askPath(kind: 'open' | 'save', suggestedName = UNTITLED_NAME): Promise<string> {
    const { dialogs, mode } = this.options;
    if (!dialogs) {
      const what = kind === 'open' ? 'the project file to open' : 'where to save the project';
      throw new ServiceError('invalid-argument', `Give ${what} as { path } (${mode} mode has no native file dialog).`);
    }
    const path = kind === 'open' ? await dialogs.chooseProjectToOpen() : await dialogs.chooseSaveLocation(suggestedName);
    if (!path) throw new ServiceError('cancelled', kind === 'open' ? 'Open was cancelled.' : 'Save was cancelled.');
    return path;
  }
}
