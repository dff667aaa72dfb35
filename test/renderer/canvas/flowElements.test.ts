import { describe, expect, it } from 'vitest';
import { coupling, parentLink, unit } from '../../engine/diagram/examples';
import { toFlowEdge } from '../../../renderer/src/canvas/flowElements';
import type { DiagramNode } from '../../../engine/diagram/types';

const byId = (...nodes: DiagramNode[]) => new Map(nodes.map((n) => [n.id as string, n]));

describe('flow edges for screen readers', () => {
  it('names a coupling and a parent link by their ends’ labels, not their ids', () => {
    const nodes = byId(unit('n1', 'visible', 'x1'), unit('n2', 'hidden', 'Hidden 2'));
    expect(toFlowEdge(coupling('e1', 'n1', 'n2'), nodes, false, false).ariaLabel).toBe('coupling "x1 – Hidden 2"');
    expect(toFlowEdge(parentLink('e2', 'n2', 'n1'), nodes, false, false).ariaLabel).toBe('parent link "Hidden 2 → x1"');
  });

  it('falls back to the id of an end without a label, or missing from the diagram', () => {
    const nodes = byId(unit('n1', 'visible', '  '));
    expect(toFlowEdge(coupling('e1', 'n1', 'gone'), nodes, false, false).ariaLabel).toBe('coupling "n1 – gone"');
  });
});
