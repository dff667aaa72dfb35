import { compile } from '../../engine/compiler/compile';
import { familyName, summarize } from '../../engine/compiler/summary';
import type { CompiledModel, Diagnostic } from '../../engine/compiler/types';
import { describeDiagnostics } from '../services/trainingInputs';
import { parseArgs, UsageError } from './args';
import { InputError, loadDiagram } from './inputs';
import { writeStdout } from './output';

/** The summary `attractor compile` prints. */
export interface CompileSummary {
  family: string;
  familyName: string;
  summary: string;
  units: number;
  visible: number;
  hidden: number;
  parameters: number;
  connections: number;
  diagnostics: Diagnostic[];
  /** Compiling runs no TensorFlow.js code. */
  backend: 'none';
}

/** A compiled model in the CLI's summary form. */
export function compileSummary(model: CompiledModel, warnings: Diagnostic[]): CompileSummary {
  return {
    family: model.type === 'energy' ? model.family : 'belief',
    familyName: familyName(model),
    summary: summarize(model),
    units: model.unitCount,
    visible: model.visibleIndices.length,
    hidden: model.hiddenIndices.length,
    parameters: model.parameterCount,
    connections: model.connectionCount,
    diagnostics: warnings,
    backend: 'none',
  };
}

/** attractor compile FILE [--diagram NAME|ID] */
export async function compileCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { values: ['diagram'] });
  const [file, ...extra] = args.positionals;
  if (!file) throw new UsageError('compile needs a FILE (diagram JSON or .attractor project)');
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`);
  const diagram = await loadDiagram(file, args.values.diagram);
  const result = compile(diagram);
  if (!result.ok) {
    await writeStdout(`${JSON.stringify({ diagnostics: result.diagnostics }, null, 2)}\n`);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    throw new InputError(`${file}: diagram '${diagram.name}' does not compile: ${describeDiagnostics(errors)}`);
  }
  await writeStdout(`${JSON.stringify(compileSummary(result.model, result.warnings), null, 2)}\n`);
  return 0;
}
