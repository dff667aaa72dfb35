/**
 * A deliberately small JSON Schema (2020-12) checker for the keywords diagram.schema.json uses.
 * It throws on any keyword it does not know, so the schema cannot silently outgrow it.
 */
export type Schema = Record<string, unknown>;

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', '$defs']);
const KEYWORDS = new Set([
  '$ref', 'type', 'required', 'properties', 'additionalProperties', 'items', 'enum', 'const', 'oneOf',
  'minimum', 'minLength', 'minItems', 'pattern',
]);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Errors of `value` against `schema` (empty when valid), each prefixed by its JSON path. */
export function validate(root: Schema, value: unknown, schema: Schema = root, path = '$'): string[] {
  const errors: string[] = [];
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key) && !ANNOTATIONS.has(key)) throw new Error(`miniSchema: unsupported keyword "${key}" at ${path}`);
  }
  if (typeof schema.$ref === 'string') {
    const target = schema.$ref.replace(/^#\//, '').split('/').reduce<unknown>((node, part) => (node as Schema)[part], root);
    if (!target) throw new Error(`miniSchema: unresolved $ref ${schema.$ref}`);
    errors.push(...validate(root, value, target as Schema, path));
  }
  const type = typeOf(value);
  if (schema.type !== undefined) {
    const ok = schema.type === type || (schema.type === 'number' && type === 'integer');
    if (!ok) return [...errors, `${path}: expected ${String(schema.type)}, got ${type}`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: must be ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: not in enum`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below minimum`);
  if (typeof schema.minLength === 'number' && typeof value === 'string' && value.length < schema.minLength) errors.push(`${path}: too short`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${path}: too few items`);
    if (schema.items) value.forEach((item, i) => errors.push(...validate(root, item, schema.items as Schema, `${path}[${i}]`)));
  }
  if (type === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in obj)) errors.push(`${path}.${key}: required`);
    for (const [key, child] of Object.entries(obj)) {
      if (key in properties) errors.push(...validate(root, child, properties[key], `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}.${key}: not allowed`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(...validate(root, child, schema.additionalProperties as Schema, `${path}.${key}`));
      }
    }
  }
  if (Array.isArray(schema.oneOf)) {
    const passing = schema.oneOf.filter((option) => validate(root, value, option as Schema, path).length === 0).length;
    if (passing !== 1) errors.push(`${path}: matches ${passing} of the oneOf options, expected exactly 1`);
  }
  return errors;
}
