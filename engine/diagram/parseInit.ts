import { childPath, describeJson, type JsonObject, type JsonReader } from './jsonReader';
import type { ParameterInit } from './types';

/** The kinds of ParameterInit, in display order. */
export const PARAMETER_INIT_KINDS = ['zero', 'constant', 'normal'] as const;

/** Optional initialisation `obj[key]`: undefined when absent, null when invalid (reported). */
export function readParameterInit(reader: JsonReader, obj: JsonObject, key: string, path: string): ParameterInit | undefined | null {
  if (obj[key] === undefined) return undefined;
  const initPath = childPath(path, key);
  const raw = reader.object(obj[key], initPath);
  if (!raw) return null;
  const kind = raw.kind;
  if (kind === 'zero') return reader.object(raw, initPath, ['kind']) ? { kind } : null;
  if (kind === 'constant') {
    reader.object(raw, initPath, ['kind', 'value']);
    const value = reader.finite(raw, 'value', initPath);
    return value === undefined ? null : { kind, value };
  }
  if (kind === 'normal') {
    reader.object(raw, initPath, ['kind', 'scale']);
    const scale = reader.finite(raw, 'scale', initPath);
    if (scale === undefined) return null;
    if (scale >= 0) return { kind, scale };
    reader.fail(childPath(initPath, 'scale'), `must be at least 0 (a standard deviation), got ${scale}`);
    return null;
  }
  reader.fail(childPath(initPath, 'kind'), `must be one of "zero", "constant", "normal", got ${describeJson(kind)}`);
  return null;
}
