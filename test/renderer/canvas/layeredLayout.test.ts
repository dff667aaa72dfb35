import { describe, expect, it } from 'vitest';
import { layer, parentLink, unit } from '../../engine/diagram/examples';
import { autoLayout, directedRanks } from '../../../renderer/src/canvas/layout/autoLayout';
import type { DiagramStructure } from '../../../renderer/src/store/document';
import { defaultValues, templateById } from '../../../renderer/src/templates/templates';
import type { DiagramEdge, DiagramNode } from '../../../engine/diagram/types';

function structure(nodes: DiagramNode[], edges: DiagramEdge[]): DiagramStructure {
  return { format: 'attractor-diagram', version: 1, id: 'd' as never, name: 'd', settings: { encoding: 'binary01' }, nodes, edges };
}

/** Every parent link points down the page: the parent's row is above the child's. */
function parentsAbove(s: DiagramStructure, positions: Map<string, { y: number }>): boolean {
  return s.edges.every((e) => e.kind !== 'parent' || positions.get(e.source)!.y < positions.get(e.target)!.y);
}

describe('auto-layout of a belief network', () => {
  it('a visible layer whose parents sit at different depths goes to the bottom rank, not the middle', () => {
    // Top → H1 → H2 → V1, and Top → V2: by longest path alone V2 would sit in the second row, beside H1.
    const s = structure(
      [layer('V2', 'visible', 4), layer('Top', 'hidden', 2), layer('H1', 'hidden', 3), layer('H2', 'hidden', 3), layer('V1', 'visible', 4)],
      [parentLink('a', 'Top', 'H1'), parentLink('b', 'H1', 'H2'), parentLink('c', 'H2', 'V1'), parentLink('d', 'Top', 'V2')],
    );
    expect(directedRanks(s)).toEqual([['Top'], ['H1'], ['H2'], ['V2', 'V1']]);
    const { kind, positions } = autoLayout(s);
    expect(kind).toBe('layered');
    expect(parentsAbove(s, positions)).toBe(true);
    const bottom = Math.max(...[...positions.values()].map((p) => p.y));
    expect([positions.get('V1')!.y, positions.get('V2')!.y]).toEqual([bottom, bottom]);
  });

  it('visible units with children keep their place above them (parents above children wins)', () => {
    const s = structure([unit('x', 'visible'), unit('h', 'hidden'), unit('y', 'visible')], [parentLink('a', 'x', 'h'), parentLink('b', 'h', 'y')]);
    expect(directedRanks(s)).toEqual([['x'], ['h'], ['y']]);
  });

  it('the belief-network template, listed visible layer first, lays out top layer first and visible last', () => {
    const template = templateById('sbn')!;
    const built = template.build({ ...defaultValues(template), sizes: [2, 4, 6] });
    // Diagram order that starts from the visible layer, as a hand-built diagram might have it.
    const s = structure([...built.nodes].reverse(), built.edges);
    const { positions } = autoLayout(s);
    const rows = [...s.nodes].sort((a, b) => positions.get(a.id)!.y - positions.get(b.id)!.y).map((n) => n.label);
    expect(rows).toEqual(['H1', 'H2', 'Visible']);
    expect(parentsAbove(s, positions)).toBe(true);
  });
});
