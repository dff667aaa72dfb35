import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SerialQueue } from './serialQueue';

/** Most recently opened or saved project paths, most recent first, kept in a small JSON file. */
export class RecentProjects {
  /** Updates one at a time: each reads the list the previous one wrote, and they share one temporary file. */
  private readonly updates = new SerialQueue();

  constructor(
    private readonly file: string,
    private readonly max = 10,
  ) {}

  /** The stored list; an unreadable or malformed file counts as empty. */
  async list(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      return Array.isArray(parsed) ? parsed.filter((p): p is string => typeof p === 'string').slice(0, this.max) : [];
    } catch {
      return [];
    }
  }

  /** Moves (or inserts) a path to the front. */
  add(path: string): Promise<void> {
    return this.update((paths) => [path, ...paths.filter((p) => p !== path)].slice(0, this.max));
  }

  remove(path: string): Promise<void> {
    return this.update((paths) => (paths.includes(path) ? paths.filter((p) => p !== path) : undefined));
  }

  /** Rewrites the list (unless `change` returns undefined); a failed write is logged, never fails the open or save it follows. */
  private update(change: (paths: string[]) => string[] | undefined): Promise<void> {
    return this.updates.run(async () => {
      const paths = change(await this.list());
      if (!paths) return;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        const temporary = `${this.file}.${process.pid}.tmp`;
        await writeFile(temporary, `${JSON.stringify(paths, null, 2)}\n`);
        await rename(temporary, this.file);
      } catch (error) {
        console.error(`Could not update the recent projects list ${this.file}:`, error);
      }
    });
  }
}
