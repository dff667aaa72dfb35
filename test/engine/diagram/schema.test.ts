import { describe, expect, it } from 'vitest';
import schemaJson from '../../../engine/diagram/diagram.schema.json';
import { parseDiagram } from '../../../engine/diagram/parse';
import { DIAGRAM_FORMAT_VERSION } from '../../../engine/diagram/types';
import {
  DIAGRAM_FORMAT_TAG,
  EDGE_KIND_NAMES,
  NODE_KIND_NAMES,
  UNIT_ENCODING_NAMES,
  UNIT_ROLE_NAMES,
} from '../../../engine/diagram/vocabulary';
import { everyFeature, README_EXAMPLE_JSON, xorBoltzmann } from './examples';
import { validate, type Schema } from './miniSchema';

type Json = Record<string, unknown>;
const schema = schemaJson as unknown as Schema;
const defs = schema.$defs as Record<string, Schema>;
const topProperties = schema.properties as Record<string, Schema>;

const asJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/** Each object-valued part of the format: its schema, where it sits in everyFeature(), and how to reach it. */
const TARGETS: { name: string; schema: Schema; path: string; get: (d: Json) => Json }[] = [
  { name: 'diagram', schema, path: '$', get: (d) => d },
  { name: 'settings', schema: topProperties.settings, path: '$.settings', get: (d) => d.settings as Json },
  { name: 'unit node', schema: defs.unitNode, path: '$.nodes[0]', get: (d) => (d.nodes as Json[])[0] },
  { name: 'layer node', schema: defs.layerNode, path: '$.nodes[1]', get: (d) => (d.nodes as Json[])[1] },
  { name: 'rbm node', schema: defs.rbmNode, path: '$.nodes[3]', get: (d) => (d.nodes as Json[])[3] },
  { name: 'position', schema: defs.position, path: '$.nodes[0].position', get: (d) => (d.nodes as Json[])[0].position as Json },
  { name: 'image shape', schema: defs.imageShape, path: '$.nodes[1].imageShape', get: (d) => (d.nodes as Json[])[1].imageShape as Json },
  { name: 'edge', schema: defs.edge, path: '$.edges[0]', get: (d) => (d.edges as Json[])[0] },
  { name: 'parameters', schema: topProperties.parameters, path: '$.parameters', get: (d) => d.parameters as Json },
  {
    name: 'parameter block',
    schema: defs.parameterBlock,
    path: '$.parameters.weights.c1',
    get: (d) => ((d.parameters as Json).weights as Json).c1 as Json,
  },
];

describe('diagram.schema.json', () => {
  it('accepts every example diagram, as does the parser', () => {
    for (const example of [asJson(everyFeature()), asJson(xorBoltzmann()), JSON.parse(README_EXAMPLE_JSON) as Json]) {
      expect(validate(schema, example)).toEqual([]);
      expect(parseDiagram(example).ok).toBe(true);
    }
  });

  it('lists the same enums and constants as the TypeScript types', () => {
    expect((topProperties.format as Json).const).toBe(DIAGRAM_FORMAT_TAG);
    expect((topProperties.version as Json).const).toBe(DIAGRAM_FORMAT_VERSION);
    expect(((topProperties.settings.properties as Json).encoding as Json).enum).toEqual(UNIT_ENCODING_NAMES);
    expect(defs.role.enum).toEqual(UNIT_ROLE_NAMES);
    expect(((defs.edge.properties as Json).kind as Json).enum).toEqual(EDGE_KIND_NAMES);
    const kinds = (defs.node.oneOf as Json[]).map((ref) => {
      const name = String(ref.$ref).split('/').pop()!;
      return ((defs[name].properties as Json).kind as Json).const;
    });
    expect(kinds).toEqual(NODE_KIND_NAMES);
  });

  for (const target of TARGETS) {
    describe(target.name, () => {
      const required = (target.schema.required ?? []) as string[];
      const properties = Object.keys(target.schema.properties as Json);

      it('example holds every property the schema lists, and nothing else', () => {
        expect(Object.keys(target.get(asJson(everyFeature()))).sort()).toEqual([...properties].sort());
      });

      it('required fields: schema and parser both refuse the object without each one', () => {
        for (const key of required) {
          const d = asJson(everyFeature());
          delete target.get(d)[key];
          expect(validate(schema, d).length, `schema without ${key}`).toBeGreaterThan(0);
          const parsed = parseDiagram(d);
          expect(parsed.ok, `parser without ${key}`).toBe(false);
          if (!parsed.ok) expect(parsed.errors.map((e) => e.path)).toContain(target.path === '$' ? `$.${key}` : `${target.path}.${key}`);
        }
      });

      it('optional fields: schema and parser both accept the object without each one', () => {
        for (const key of properties.filter((p) => !required.includes(p))) {
          const d = asJson(everyFeature());
          delete target.get(d)[key];
          expect(validate(schema, d), `schema without ${key}`).toEqual([]);
          expect(parseDiagram(d).ok, `parser without ${key}`).toBe(true);
        }
      });

      it('unknown fields: schema and parser both refuse them', () => {
        const d = asJson(everyFeature());
        target.get(d).surplus = 1;
        expect(validate(schema, d).length).toBeGreaterThan(0);
        expect(parseDiagram(d).ok).toBe(false);
      });
    });
  }

  it('agrees with the parser on values a schema can check', () => {
    const broken: ((d: Json) => void)[] = [
      (d) => ((d.nodes as Json[])[1].size = -1),
      (d) => ((d.nodes as Json[])[1].size = 2.5),
      (d) => ((d.nodes as Json[])[0].kind = 'neuron'),
      (d) => ((d.nodes as Json[])[0].role = 'latent'),
      (d) => ((d.nodes as Json[])[0].id = ''),
      (d) => ((d.edges as Json[])[0].kind = 'directed'),
      (d) => ((d.settings as Json).encoding = 'spin'),
      (d) => (d.version = 2),
      (d) => (d.format = 'other'),
      (d) => ((((d.parameters as Json).weights as Json).c1 as Json).shape = []),
      (d) => ((((d.parameters as Json).weights as Json).c1 as Json).shape = [0, 6]),
      (d) => ((((d.parameters as Json).weights as Json).c1 as Json).values = ['1']),
      (d) => ((d.edges as Json[])[0].weightInit = { kind: 'normal', scale: -1 }),
      (d) => ((d.edges as Json[])[0].weightInit = { kind: 'normal' }),
      (d) => ((d.edges as Json[])[0].weightInit = { kind: 'uniform', scale: 1 }),
      (d) => ((d.nodes as Json[])[0].biasInit = { kind: 'zero', value: 1 }),
      (d) => ((d.nodes as Json[])[0].biasInit = { kind: 'constant', value: '1' }),
      (d) => ((d.nodes as Json[])[0].weightInit = { kind: 'zero' }),
    ];
    for (const breakIt of broken) {
      const d = asJson(everyFeature());
      breakIt(d);
      expect(validate(schema, d).length, breakIt.toString()).toBeGreaterThan(0);
      expect(parseDiagram(d).ok, breakIt.toString()).toBe(false);
    }
  });

  it('mini checker refuses keywords it does not implement', () => {
    expect(() => validate({ type: 'object', patternProperties: {} }, {})).toThrow(/unsupported keyword/);
  });
});
