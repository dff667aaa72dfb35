import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The CLI entry point as users run it (`attractor …`). */
export const BIN = join(process.cwd(), 'main/cli/bin.mjs');
/** The XOR Boltzmann-machine example diagram shipped with the app. */
export const XOR_DIAGRAM = join(process.cwd(), 'projects/examples/xor-boltzmann.diagram.json');

/** What one spawned CLI process printed and how it exited (null when killed by a signal). */
export interface SpawnOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `attractor ARGS` in a child process; `whileRunning` may act on the child (e.g. send SIGINT) once it has started. */
export function attractor(args: string[], whileRunning?: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<SpawnOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    whileRunning?.(child).catch(reject);
  });
}
