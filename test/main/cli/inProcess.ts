import { vi } from 'vitest';
import { runCli } from '../../../main/cli/main';

/** What one CLI call printed and returned. */
export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = (chunk: unknown, encoding?: unknown, callback?: unknown) => boolean;

/** Captures a stream's writes (calling their flush callbacks, as writeStdout waits for them); bytes are read one character per byte. */
function capture(stream: NodeJS.WriteStream, sink: (text: string) => void) {
  return vi.spyOn(stream, 'write').mockImplementation(((chunk, encoding, callback) => {
    sink(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('latin1'));
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  }) as Write as never);
}

/** Runs `attractor ARGV` in this process (no start-up cost) and returns its exit code and output. */
export async function cli(argv: string[]): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const out = capture(process.stdout, (text) => (stdout += text));
  const err = capture(process.stderr, (text) => (stderr += text));
  try {
    const code = await runCli(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** The JSON lines of a successful call (fails the test with its stderr otherwise). */
export function jsonLines(outcome: CliOutcome): Record<string, unknown>[] {
  if (outcome.code !== 0) throw new Error(`exit ${outcome.code}: ${outcome.stderr}`);
  return outcome.stdout.trim().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The last line of stderr (the error line of a failed call). */
export const errorLine = (outcome: CliOutcome): string => outcome.stderr.trim().split('\n').at(-1) ?? '';
