import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '../../engine/diagram/nodeKinds';
import type { DiagramNode } from '../../engine/diagram/types';
import { commitField, commitLabel, fieldText, parseImageShape, sharedFields, type TextField } from '../../renderer/src/inspector/fieldEdits';
import { commitInitChoice, commitInitNumber, initState } from '../../renderer/src/inspector/initEdits';

const layer = (id: string, size: number, imageShape?: { rows: number; cols: number }): DiagramNode =>
  ({ id, kind: 'layer', label: id, position: { x: 0, y: 0 }, role: 'visible', size, ...(imageShape ? { imageShape } : {}) }) as DiagramNode;
const unit = (id: string, role: 'visible' | 'hidden'): DiagramNode => ({ id, kind: 'unit', label: id, position: { x: 0, y: 0 }, role }) as DiagramNode;
const rbm = (id: string): DiagramNode => ({ id, kind: 'rbm', label: id, position: { x: 0, y: 0 }, visibleSize: 9, hiddenSize: 4 }) as DiagramNode;
const field = (kind: DiagramNode['kind'], key: string) => NODE_KINDS[kind].fields.find((f) => f.key === key) as TextField;

describe('inspector fields for one or several nodes', () => {
  it('offers only the fields every selected node has', () => {
    expect(sharedFields([layer('a', 4), layer('b', 9)]).map((f) => f.key)).toEqual(['role', 'size', 'imageShape', 'biasInit']);
    expect(sharedFields([layer('a', 4), unit('u', 'hidden')]).map((f) => f.key)).toEqual(['role', 'biasInit']);
    expect(sharedFields([layer('a', 4), rbm('r')]).map((f) => f.key)).toEqual(['biasInit']);
  });

  it('shows a common value, or marks differing values as mixed', () => {
    expect(fieldText([layer('a', 4), layer('b', 4)], field('layer', 'size'))).toEqual({ text: '4', mixed: false });
    expect(fieldText([layer('a', 4), layer('b', 9)], field('layer', 'size'))).toEqual({ text: '', mixed: true });
    expect(fieldText([layer('a', 4, { rows: 2, cols: 2 })], field('layer', 'imageShape'))).toEqual({ text: '2×2', mixed: false });
  });

  it('a size applies to every node and drops image shapes that no longer fit, in the same patch', () => {
    const result = commitField([layer('a', 4, { rows: 2, cols: 2 }), layer('b', 9)], field('layer', 'size'), ' 9 ');
    expect(result).toEqual({
      ok: true,
      patches: [
        { id: 'a', patch: { size: 9, imageShape: undefined } },
        { id: 'b', patch: { size: 9 } },
      ],
    });
  });

  it('refuses out-of-range and non-integer sizes with a message naming the range', () => {
    for (const text of ['0', '-3', '2.5', 'many', '', '100001']) {
      const result = commitField([layer('a', 4)], field('layer', 'size'), text);
      expect(result.ok, text).toBe(false);
      expect(!result.ok && result.message).toBe('Units must be a whole number from 1 to 100,000.');
    }
  });

  it('refuses an image shape that does not multiply to a selected node’s size, naming that node', () => {
    const result = commitField([layer('a', 9), layer('b', 16)], field('layer', 'imageShape'), '3x3');
    expect(result).toEqual({ ok: false, message: '3×3 is 9 pixels, but “b” has 16 units: use rows × cols = 16.' });
    expect(commitField([layer('a', 9)], field('layer', 'imageShape'), 'three by three').ok).toBe(false);
    expect(commitField([layer('a', 9)], field('layer', 'imageShape'), '3×3')).toEqual({ ok: true, patches: [{ id: 'a', patch: { imageShape: { rows: 3, cols: 3 } } }] });
    expect(commitField([layer('a', 9, { rows: 3, cols: 3 })], field('layer', 'imageShape'), '')).toEqual({ ok: true, patches: [{ id: 'a', patch: { imageShape: undefined } }] });
  });

  it('an enum accepts only its options; a label cannot be empty', () => {
    expect(commitField([unit('u', 'visible'), unit('w', 'visible')], field('unit', 'role'), 'hidden')).toEqual({
      ok: true,
      patches: [
        { id: 'u', patch: { role: 'hidden' } },
        { id: 'w', patch: { role: 'hidden' } },
      ],
    });
    expect(commitField([unit('u', 'visible')], field('unit', 'role'), 'observed').ok).toBe(false);
    expect(commitLabel([unit('u', 'visible')], '   ')).toEqual({ ok: false, message: 'A label cannot be empty.' });
    expect(commitLabel([unit('u', 'visible')], ' x1 ')).toEqual({ ok: true, patches: [{ id: 'u', patch: { label: 'x1' } }] });
  });

  it('reads image shapes written as 28×28, 28x28, 28,28 or 28*28', () => {
    for (const text of ['28×28', '28 x 28', '28,28', '28*28']) expect(parseImageShape(text)).toEqual({ rows: 28, cols: 28 });
    expect(parseImageShape('  ')).toBeNull();
    expect(parseImageShape('28')).toBeUndefined();
  });
});

describe('weight and bias initialisation fields', () => {
  const edges = [
    { id: 'e1', weightInit: { kind: 'normal', scale: 0.3 } },
    { id: 'e2', weightInit: { kind: 'normal', scale: 0.3 } },
  ];

  it('shows the common initialisation, the default when there is none, or mixed', () => {
    expect(initState(edges, 'weightInit')).toEqual({ choice: 'normal', number: '0.3', mixed: false });
    expect(initState([{ id: 'e' }], 'weightInit')).toEqual({ choice: 'default', number: '', mixed: false });
    expect(initState([...edges, { id: 'e3' }], 'weightInit').mixed).toBe(true);
  });

  it('choosing a kind keeps a number of the same kind, starts others fresh, and default removes the field', () => {
    const mixed = [edges[0], { id: 'e3', weightInit: { kind: 'constant', value: 2 } }];
    expect(commitInitChoice(mixed, 'weightInit', 'normal')).toEqual({
      ok: true,
      patches: [
        { id: 'e1', patch: { weightInit: { kind: 'normal', scale: 0.3 } } },
        { id: 'e3', patch: { weightInit: { kind: 'normal', scale: 0.1 } } },
      ],
    });
    expect(commitInitChoice(mixed, 'weightInit', 'default')).toEqual({
      ok: true,
      patches: [
        { id: 'e1', patch: { weightInit: undefined } },
        { id: 'e3', patch: { weightInit: undefined } },
      ],
    });
  });

  it('refuses a σ below 0 and text that is not a number', () => {
    expect(commitInitNumber(edges, 'weightInit', 'normal', '-0.1')).toEqual({ ok: false, message: 'σ is a standard deviation: it must be 0 or more.' });
    expect(commitInitNumber(edges, 'weightInit', 'constant', 'abc')).toEqual({ ok: false, message: 'The constant must be a number.' });
    expect(commitInitNumber(edges, 'weightInit', 'constant', ' -1.5 ')).toEqual({
      ok: true,
      patches: [
        { id: 'e1', patch: { weightInit: { kind: 'constant', value: -1.5 } } },
        { id: 'e2', patch: { weightInit: { kind: 'constant', value: -1.5 } } },
      ],
    });
  });
});
