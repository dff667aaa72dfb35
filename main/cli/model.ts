import { selectBackend, type BackendName } from '../../engine/backend/selectBackend';
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import type { Diagram } from '../../engine/diagram/types';
import { describeDiagnostics } from '../services/trainingInputs';
import { UsageError } from './args';
import { InputError } from './inputs';
import { note } from './output';

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Compiles or throws an InputError listing the diagnostics. */
export function compileOrFail(diagram: Diagram, file: string): CompiledModel {
  const result = compile(diagram);
  if (!result.ok) throw new InputError(`${file}: diagram '${diagram.name}' does not compile: ${describeDiagnostics(result.diagnostics)}`);
  return result.model;
}

/** Selects the TensorFlow.js backend (--backend first, else ATTRACTOR_BACKEND or the engine's order) and reports it on stderr. */
export async function startBackend(requested: string | undefined): Promise<string> {
  if (requested !== undefined && !BACKENDS.includes(requested as BackendName)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}; got '${requested}'`);
  }
  const backend = await selectBackend(requested as BackendName | undefined);
  note(`backend: ${backend}`);
  return backend;
}
