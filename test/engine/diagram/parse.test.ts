import { describe, expect, it } from 'vitest';
import { parseDiagram, parseDiagramText, type DiagramParseResult } from '../../../engine/diagram/parse';
import { everyFeature, README_EXAMPLE_JSON, xorBoltzmann } from './examples';

type Json = Record<string, unknown>;

/** A JSON copy of a valid diagram, to break in one place per test. */
const base = (): Json => JSON.parse(JSON.stringify(everyFeature())) as Json;
const nodesOf = (json: Json) => json.nodes as Json[];
const edgesOf = (json: Json) => json.edges as Json[];

function errorsOf(result: DiagramParseResult) {
  if (result.ok) throw new Error('expected the parse to fail');
  return result.errors;
}

/** The single error of a parse, asserting there is exactly one. */
function onlyError(json: unknown) {
  const errors = errorsOf(parseDiagram(json));
  expect(errors, JSON.stringify(errors)).toHaveLength(1);
  return errors[0];
}

describe('parseDiagram — valid files', () => {
  it('round-trips every example through JSON', () => {
    for (const d of [everyFeature(), xorBoltzmann()]) {
      const fromObject = parseDiagram(JSON.parse(JSON.stringify(d)));
      const fromText = parseDiagramText(JSON.stringify(d, null, 2));
      expect(fromObject).toEqual({ ok: true, diagram: d });
      expect(fromText).toEqual({ ok: true, diagram: d });
    }
  });

  it('returns a fresh copy that does not share objects with the input', () => {
    const json = base();
    const result = parseDiagram(json);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    nodesOf(json)[1].size = 99;
    ((json.parameters as Json).weights as Record<string, { values: number[] }>).c1.values[0] = 42;
    expect(result.diagram.nodes[1]).toMatchObject({ size: 6 });
    expect(result.diagram.parameters!.weights.c1.values[0]).toBe(1);
  });

  it('accepts a layer of size 0 (the compiler reports empty layers)', () => {
    const json = base();
    nodesOf(json)[2].size = 0;
    expect(parseDiagram(json).ok).toBe(true);
  });

  it('parses the README example', () => {
    const result = parseDiagramText(README_EXAMPLE_JSON);
    expect(result.ok).toBe(true);
  });

  it('keeps a "__proto__" parameter key as plain data', () => {
    const result = parseDiagramText(
      JSON.stringify({ ...base(), parameters: { weights: JSON.parse('{"__proto__": {"shape": [1], "values": [1]}}'), biases: {} } }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(Object.hasOwn(result.diagram.parameters!.weights, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(result.diagram.parameters!.weights)).toBe(Object.prototype);
  });
});

describe('parseDiagram — header', () => {
  it('refuses a value that is not an object', () => {
    expect(onlyError([1, 2])).toEqual({ path: '$', message: 'must be an object, got an array' });
    expect(onlyError(null).path).toBe('$');
  });

  it('refuses a wrong or missing format tag and reads nothing else', () => {
    expect(onlyError({ ...base(), format: 'attractor-project', nodes: 3 })).toMatchObject({ path: '$.format' });
    const { format: _format, ...noFormat } = base();
    expect(onlyError(noFormat).message).toContain('no "format" field');
  });

  it('refuses a newer version with a clear message and reads nothing else', () => {
    const error = onlyError({ ...base(), version: 2, nodes: 'whatever' });
    expect(error.path).toBe('$.version');
    expect(error.message).toMatch(/format version 2.*newer Attractor Studio.*Update Attractor Studio/);
  });

  it('explains a missing version and still reports the other problems', () => {
    const { version: _version, ...noVersion } = base();
    const errors = errorsOf(parseDiagram({ ...noVersion, name: 7 }));
    expect(errors.map((e) => e.path)).toEqual(['$.version', '$.name']);
    expect(errors[0].message).toContain('add "version": 1');
  });

  it('explains an older or non-integer version', () => {
    expect(onlyError({ ...base(), version: 0 }).message).toContain('predates the first released format');
    expect(onlyError({ ...base(), version: '1' })).toMatchObject({ path: '$.version' });
  });

  it('checks id, name, settings and unknown top-level fields', () => {
    expect(onlyError({ ...base(), id: '' })).toEqual({ path: '$.id', message: 'must be a non-empty string' });
    expect(onlyError({ ...base(), id: '   ' }).path).toBe('$.id');
    expect(onlyError({ ...base(), name: null }).path).toBe('$.name');
    expect(onlyError({ ...base(), settings: { encoding: 'spin' } }).path).toBe('$.settings.encoding');
    expect(onlyError({ ...base(), settings: { encoding: 'pm1', beta: 1 } }).path).toBe('$.settings.beta');
    const { settings: _settings, ...noSettings } = base();
    expect(onlyError(noSettings)).toEqual({ path: '$.settings', message: 'is required' });
    expect(onlyError({ ...base(), extra: true }).path).toBe('$.extra');
    expect(onlyError({ ...base(), nodes: {} })).toEqual({ path: '$.nodes', message: 'must be an array, got an object' });
  });
});

describe('parseDiagram — nodes and edges', () => {
  const withNode = (index: number, change: Json) => {
    const json = base();
    nodesOf(json)[index] = { ...nodesOf(json)[index], ...change };
    return json;
  };

  it('reports the exact path of each node error', () => {
    expect(onlyError(withNode(2, { kind: 'neuron' })).path).toBe('$.nodes[2].kind');
    expect(onlyError(withNode(1, { size: -1 }))).toEqual({ path: '$.nodes[1].size', message: 'must be at least 0, got -1' });
    expect(onlyError(withNode(2, { size: 1.5 })).path).toBe('$.nodes[2].size');
    expect(onlyError(withNode(2, { size: '3' })).path).toBe('$.nodes[2].size');
    expect(onlyError(withNode(0, { role: 'observed' })).path).toBe('$.nodes[0].role');
    expect(onlyError(withNode(3, { hiddenSize: -2 })).path).toBe('$.nodes[3].hiddenSize');
    expect(onlyError(withNode(0, { id: 3 })).path).toBe('$.nodes[0].id');
    expect(onlyError(withNode(0, { label: undefined })).path).toBe('$.nodes[0].label');
    expect(onlyError(withNode(0, { position: { x: 1 } })).path).toBe('$.nodes[0].position.y');
    expect(onlyError(withNode(0, { position: { x: Number.NaN, y: 0 } })).path).toBe('$.nodes[0].position.x');
  });

  it('refuses fields that do not belong to the node kind', () => {
    expect(onlyError(withNode(0, { size: 3 }))).toMatchObject({ path: '$.nodes[0].size', message: expect.stringContaining('unknown field') });
    expect(onlyError(withNode(3, { role: 'visible' })).path).toBe('$.nodes[3].role');
  });

  it('checks image shapes against sizes', () => {
    const mismatch = onlyError(withNode(1, { imageShape: { rows: 2, cols: 2 } }));
    expect(mismatch.path).toBe('$.nodes[1].imageShape');
    expect(mismatch.message).toContain('2 × 2 = 4 but size is 6');
    expect(onlyError(withNode(1, { imageShape: { rows: 0, cols: 6 } })).path).toBe('$.nodes[1].imageShape.rows');
    expect(onlyError(withNode(3, { visibleImageShape: { rows: 1, cols: 3 } })).path).toBe('$.nodes[3].visibleImageShape');
  });

  it('reports duplicate node and edge ids at the later occurrence', () => {
    expect(onlyError(withNode(2, { id: 'u' }))).toMatchObject({ path: '$.nodes[2].id', message: expect.stringContaining('$.nodes[0]') });
    const json = base();
    edgesOf(json)[2].id = 'c1';
    expect(onlyError(json).path).toBe('$.edges[2].id');
  });

  it('reports edge errors with their paths', () => {
    const json = base();
    edgesOf(json)[0].kind = 'directed';
    edgesOf(json)[1].source = '';
    delete edgesOf(json)[2].target;
    expect(errorsOf(parseDiagram(json)).map((e) => e.path)).toEqual(['$.edges[0].kind', '$.edges[1].source', '$.edges[2].target']);
  });

  it('refuses an edge id that collides with an RBM block weight key', () => {
    const json = base();
    edgesOf(json)[0].id = 'r#internal';
    expect(onlyError(json).path).toBe('$.edges[0].id');
  });

  it('accepts edges whose endpoints are missing (the compiler reports dangling edges)', () => {
    const json = base();
    edgesOf(json)[0].target = 'nowhere';
    expect(parseDiagram(json).ok).toBe(true);
  });

  it('collects every error, not just the first', () => {
    const json = base();
    nodesOf(json)[1].size = -1;
    nodesOf(json)[2].role = 'both';
    edgesOf(json)[1].kind = 7;
    json.name = 1;
    expect(errorsOf(parseDiagram(json)).map((e) => e.path)).toEqual([
      '$.name',
      '$.nodes[1].size',
      '$.nodes[2].role',
      '$.edges[1].kind',
    ]);
  });
});

describe('parseDiagram — parameters', () => {
  const withParameters = (parameters: unknown) => ({ ...base(), parameters });
  const block = (shape: unknown, values: unknown) => ({ shape, values });

  it('checks shapes and values with exact paths', () => {
    expect(onlyError(withParameters({ weights: { c1: block([], []) }, biases: {} })).path).toBe('$.parameters.weights.c1.shape');
    expect(onlyError(withParameters({ weights: { c1: block([2, 0], []) }, biases: {} })).path).toBe('$.parameters.weights.c1.shape[1]');
    const count = onlyError(withParameters({ weights: { c1: block([2, 3], [1, 2, 3]) }, biases: {} }));
    expect(count).toEqual({
      path: '$.parameters.weights.c1.values',
      message: 'has 3 numbers but shape [2, 3] needs 6; make the values match the shape',
    });
    expect(onlyError(withParameters({ weights: {}, biases: { u: block([2], [1, 'x']) } })).path).toBe('$.parameters.biases.u.values[1]');
    expect(onlyError(withParameters({ weights: { 'edge 1': block('2', [1]) }, biases: {} })).path).toBe(
      '$.parameters.weights["edge 1"].shape',
    );
    expect(onlyError(withParameters({ weights: {} }))).toEqual({ path: '$.parameters.biases', message: 'is required' });
    expect(onlyError(withParameters({ weights: {}, biases: { u: { ...block([1], [1]), dtype: 'f32' } } })).path).toBe(
      '$.parameters.biases.u.dtype',
    );
  });

  it('caps the errors for one long array of bad values', () => {
    const errors = errorsOf(parseDiagram(withParameters({ weights: { c1: block([1, 20], new Array(20).fill(null)) }, biases: {} })));
    expect(errors).toHaveLength(6);
    expect(errors[5]).toEqual({ path: '$.parameters.weights.c1.values', message: '15 more entries are not finite numbers' });
  });
});

describe('parseDiagramText', () => {
  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "format": "attractor-diagram"\n  "version": 1\n}';
    expect(errorsOf(parseDiagramText(text))).toEqual([
      { path: '$', message: "not valid JSON at line 3, column 3: expected ',' or '}'" },
    ]);
    expect(errorsOf(parseDiagramText('{"a": [1, 2,]}'))[0].message).toBe("not valid JSON at line 1, column 13: trailing comma before ']'");
    expect(errorsOf(parseDiagramText('{"a": '))[0].message).toContain('line 1, column 7: unexpected end of input');
  });

  it('explains an empty file and a non-object', () => {
    expect(errorsOf(parseDiagramText('  \n'))[0].message).toContain('the file is empty');
    expect(errorsOf(parseDiagramText('[]'))[0]).toEqual({ path: '$', message: 'must be an object, got an array' });
  });
});
