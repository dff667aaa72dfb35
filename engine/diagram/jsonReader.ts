/** One problem in a JSON document: where (`$.nodes[2].size`) and why. */
export interface JsonIssue {
  path: string;
  message: string;
}

export type JsonObject = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** JSONPath of a child: `$.a`, `$.a[3]`, `$.weights["edge 1"]`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A short description of a JSON value's type for error messages. */
export function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  return String(value);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects every issue found while reading a document, rather than stopping at the first. */
export class JsonReader {
  readonly issues: JsonIssue[] = [];

  fail(path: string, message: string): undefined {
    this.issues.push({ path, message });
    return undefined;
  }

  /** An object whose keys are all in `allowed` (unknown keys are reported, not dropped silently). */
  object(value: unknown, path: string, allowed?: readonly string[]): JsonObject | undefined {
    if (!isJsonObject(value)) return this.fail(path, `must be an object, got ${describeJson(value)}`);
    if (allowed) {
      for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
          this.fail(childPath(path, key), `unknown field "${key}"; allowed fields here: ${allowed.join(', ')}`);
        }
      }
    }
    return value;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, `must be an array, got ${describeJson(value)}`);
    return value;
  }

  /** obj[key] when present; reports a missing required field. */
  field(obj: JsonObject, key: string, path: string): unknown {
    if (!Object.hasOwn(obj, key) || obj[key] === undefined) return this.fail(childPath(path, key), `is required`);
    return obj[key];
  }

  string(obj: JsonObject, key: string, path: string, nonEmpty = false): string | undefined {
    const value = this.field(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') return this.fail(childPath(path, key), `must be a string, got ${describeJson(value)}`);
    if (nonEmpty && value.trim() === '') return this.fail(childPath(path, key), `must be a non-empty string`);
    return value;
  }

  finite(obj: JsonObject, key: string, path: string): number | undefined {
    const value = this.field(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return this.fail(childPath(path, key), `must be a finite number, got ${describeJson(value)}`);
    }
    return value;
  }

  /** A safe integer ≥ min. */
  integer(obj: JsonObject, key: string, path: string, min: number): number | undefined {
    const value = this.field(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      return this.fail(childPath(path, key), `must be an integer, got ${describeJson(value)}`);
    }
    if (value < min) return this.fail(childPath(path, key), `must be at least ${min}, got ${value}`);
    return value;
  }

  oneOf<T extends string>(obj: JsonObject, key: string, path: string, options: readonly T[]): T | undefined {
    const value = this.field(obj, key, path);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
      const listed = options.map((o) => `"${o}"`).join(', ');
      return this.fail(childPath(path, key), `must be one of ${listed}, got ${describeJson(value)}`);
    }
    return value as T;
  }
}
