/** Project files handed to the app by the operating system: on the command line (Windows, Linux) or by open-file (macOS). */
import { extname, resolve } from 'node:path';
import { PROJECT_EXTENSION } from '../../projects/types';

/** The last argument naming a project file (*.attractor), as an absolute path, or undefined. */
export function projectPathFromArgv(argv: readonly string[], cwd: string = process.cwd()): string | undefined {
  const candidates = argv.slice(1).filter((arg) => !arg.startsWith('-') && extname(arg).toLowerCase() === PROJECT_EXTENSION);
  const last = candidates[candidates.length - 1];
  return last === undefined ? undefined : resolve(cwd, last);
}
