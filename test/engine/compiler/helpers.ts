import { expect } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import type { BeliefNetSpec, CompiledModel, Diagnostic, DiagnosticCode, EnergyModelSpec } from '../../../engine/compiler/types';
import type { Diagram } from '../../../engine/diagram/types';

/** The compiled model, failing the test with the diagnostics when there is none. */
export function modelOf(d: Diagram): CompiledModel {
  const result = compile(d);
  if (!result.ok) throw new Error(`expected a model, got ${JSON.stringify(result.diagnostics, null, 2)}`);
  return result.model;
}

export function energyOf(d: Diagram): EnergyModelSpec {
  const model = modelOf(d);
  if (model.type !== 'energy') throw new Error(`expected an energy model, got ${model.type}`);
  return model;
}

export function beliefOf(d: Diagram): BeliefNetSpec {
  const model = modelOf(d);
  if (model.type !== 'belief') throw new Error(`expected a belief network, got ${model.type}`);
  return model;
}

/** All diagnostics of a failed compile. */
export function diagnosticsOf(d: Diagram): Diagnostic[] {
  const result = compile(d);
  if (result.ok) throw new Error('expected the compile to fail');
  return result.diagnostics;
}

/** The one diagnostic with this code, asserting there is exactly one. */
export function single(diagnostics: Diagnostic[], code: DiagnosticCode): Diagnostic {
  const matching = diagnostics.filter((d) => d.code === code);
  expect(matching, JSON.stringify(diagnostics, null, 2)).toHaveLength(1);
  return matching[0];
}

/** Sorted codes of the diagnostics. */
export const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => d.code).sort();

/** Recursively freezes a value, so that a compile which mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
