import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Most recently opened or saved project paths, most recent first, kept in a small JSON file. */
export class RecentProjects {
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
  async add(path: string): Promise<void> {
    const paths = await this.list();
    await this.write([path, ...paths.filter((p) => p !== path)].slice(0, this.max));
  }

  async remove(path: string): Promise<void> {
    const paths = await this.list();
    if (paths.includes(path)) await this.write(paths.filter((p) => p !== path));
  }

  private async write(paths: string[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(paths, null, 2)}\n`);
    await rename(temporary, this.file);
  }
}
