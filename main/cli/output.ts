/** Writes text to stdout and resolves once it is flushed (so exiting afterwards loses nothing when piped). */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

/** One line on stderr. */
export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}
