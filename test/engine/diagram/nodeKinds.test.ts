import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { nodeId } from '../../../engine/diagram/ids';
import { defaultNode, NODE_KINDS } from '../../../engine/diagram/nodeKinds';
import { parseDiagram } from '../../../engine/diagram/parse';
import { NODE_KIND_NAMES } from '../../../engine/diagram/vocabulary';
import { diagram } from './examples';

describe('node kind descriptors', () => {
  it('has one descriptor per node kind, keyed by its kind', () => {
    expect(Object.keys(NODE_KINDS)).toEqual(NODE_KIND_NAMES);
    for (const kind of NODE_KIND_NAMES) expect(NODE_KINDS[kind].kind).toBe(kind);
  });

  it('default nodes parse, compile on their own, and carry the requested id and position', () => {
    for (const kind of NODE_KIND_NAMES) {
      const node = defaultNode(kind, nodeId(`n-${kind}`), { x: 10, y: 20 });
      expect(node).toMatchObject({ id: `n-${kind}`, kind, position: { x: 10, y: 20 } });
      const d = diagram([node]);
      expect(parseDiagram(JSON.parse(JSON.stringify(d)))).toEqual({ ok: true, diagram: d });
      expect(compile(d).ok, kind).toBe(true);
    }
    expect(defaultNode('layer', nodeId('l'), { x: 0, y: 0 }, 'Pixels').label).toBe('Pixels');
  });

  it('every field of a schema names a property of the default node, within its bounds', () => {
    for (const kind of NODE_KIND_NAMES) {
      const node = defaultNode(kind, nodeId('n'), { x: 0, y: 0 }) as unknown as Record<string, unknown>;
      for (const field of NODE_KINDS[kind].fields) {
        if (field.type === 'imageShape') {
          expect(typeof node[field.sizeKey], `${kind}.${field.sizeKey}`).toBe('number');
          continue;
        }
        // An initialisation is optional: absent by default, the algorithm's own start.
        if (field.type === 'init') {
          expect(node[field.key], `${kind}.${field.key}`).toBeUndefined();
          continue;
        }
        const value = node[field.key];
        if (field.type === 'int') {
          expect(Number.isInteger(value) && (value as number) >= field.min && (value as number) <= field.max, `${kind}.${field.key}`).toBe(true);
        } else {
          expect(field.options.map((o) => o.value), `${kind}.${field.key}`).toContain(value);
        }
      }
    }
  });

  it('ports accept only edge kinds the compiler allows for the node kind', () => {
    expect(NODE_KINDS.rbm.ports.flatMap((p) => p.edgeKinds)).toEqual(['coupling']);
    for (const kind of ['unit', 'layer'] as const) {
      expect(new Set(NODE_KINDS[kind].ports.flatMap((p) => p.edgeKinds))).toEqual(new Set(['coupling', 'parent']));
    }
  });
});
