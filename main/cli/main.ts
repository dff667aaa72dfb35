import { builtinDatasetNames } from '../../engine/data/builtin';
import { oneLine } from '../../engine/text/boundedText';
import { TrainingError } from '../../engine/train/train';
import packageJson from '../../package.json';
import { DamagedDataError, ReadOnlyProjectError } from '../../projects/types';
import { ServiceError } from '../services/errors';
import { FileArgumentError } from '../services/fileArguments';
import { UsageError } from './args';
import { CLASSIFY_HELP, classifyCommand } from './classifyCommand';
import { compileCommand } from './compileCommand';
import { DATA_HELP, dataCommand } from './dataCommand';
import { InputError } from './inputs';
import { METHOD_HELP, methodCommand } from './methodCommand';
import { note, writeStdout } from './output';
import { PROJECT_HELP, projectCommand } from './projectCommand';
import { algorithmHelp } from './registryHelp';
import { trainCommand } from './trainCommand';

export const HELP = `attractor ${packageJson.version} — compile, train and probe Attractor Studio diagrams from the command line.

Usage:
  attractor compile FILE [--diagram NAME|ID]
      Compiles a diagram and prints a JSON summary: family, familyName, summary, units, visible, hidden,
      parameters, connections, diagnostics. Exit 1 (diagnostics on stdout) when it does not compile.
  attractor train FILE --data DATA --algorithm NAME [--epochs N] [--seed S] [--set key=value]... [--out FILE [--force]]
      Trains the diagram and prints {backend, algorithm, epochs, seed, config, metrics, firstEpochMetrics, seconds}.
      Progress goes to stderr (a bar on a terminal). --out writes the diagram JSON with the trained parameters
      (an existing FILE is replaced only with --force).
      --set overrides a setting: a number for a hyperparameter (--set learningRate=0.1), a word for a choice
      (--set mode=input-output). Seed default 1; epochs default: the algorithm's. An algorithm that cannot train the
      diagram's model is refused with the list of those that can. Algorithms (settings with defaults; choices default first):
${algorithmHelp()}
      On a project file the run is stored in it (config, seed, backend, metrics, checkpoints every
      --checkpoint-every N epochs, default 50) and the trained parameters go into its diagram; DATA may name a
      dataset of the project, and other data is added to it. --resume RUN continues a stopped run from its
      last checkpoint. Ctrl-C or SIGTERM stops the run (stored as cancelled, exit 130); further signals while it
      stores the run's end and closes the project are ignored, so no run stays 'running' and no lock file is left.
      --set divergenceFactor=F (every algorithm with an objective; default 2, 0 = off) stops a run whose objective
      (KL, −ln P, a bound, the reconstruction error …) is worse than max(F × its best, best + 10 nats, or + 0.1 for
      the reconstruction error): it fails (exit 1) and keeps the best epoch as a checkpoint and in the diagram.
      A diagram carrying trained parameters trains on from them; when they are its latest run's final ones the new
      run continues that run (parent recorded, --epochs N more epochs counted on from its last).
${METHOD_HELP}${CLASSIFY_HELP}${PROJECT_HELP}${DATA_HELP}  attractor --help | --version

FILE is a diagram JSON file or an .attractor project file; for a project the first diagram is used unless
--diagram names one. compile only reads a project; train, infer, sample and evaluate store their runs in it.
DATA is a CSV file of 0/1 (or -1/1) rows, one column per visible unit, or a builtin dataset: ${builtinDatasetNames().join(', ')}.
--backend tensorflow|wasm|cpu (or ATTRACTOR_BACKEND) picks the TensorFlow.js backend; the one in use is printed on stderr.
Exit codes: 0 success, 1 error (one line on stderr), 2 usage error.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  compile: compileCommand,
  train: trainCommand,
  infer: methodCommand('infer'),
  sample: methodCommand('sample'),
  evaluate: methodCommand('evaluate'),
  classify: classifyCommand,
  project: projectCommand,
  data: dataCommand,
};

/** Runs the CLI and returns the exit code; every failure is one line on stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      await writeStdout(HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      await writeStdout(`${packageJson.version}\n`);
      return 0;
    }
    const run = COMMANDS[command];
    if (!run) throw new UsageError(`unknown command '${command}'`);
    if (rest.includes('--help') || rest.includes('-h')) {
      await writeStdout(HELP);
      return 0;
    }
    return await run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      note(`attractor: ${oneLine(error.message)} (see attractor --help)`);
      return 2;
    }
    if (error instanceof InputError || error instanceof ServiceError || error instanceof TrainingError || error instanceof FileArgumentError ||
      error instanceof DamagedDataError || error instanceof ReadOnlyProjectError) {
      note(`attractor: ${oneLine(error.message)}`);
      return error instanceof TrainingError && error.code === 'cancelled' ? 130 : 1;
    }
    note(`attractor: unexpected error: ${oneLine(error instanceof Error ? error.message : String(error))}${process.env.ATTRACTOR_DEBUG ? `\n${(error as Error).stack}` : ' (set ATTRACTOR_DEBUG=1 for details)'}`);
    return 1;
  }
}
