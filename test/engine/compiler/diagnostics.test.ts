import { describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { COMPILE_LIMITS } from '../../../engine/compiler/types';
import { coupling, diagram, layer, parentLink, rbm, unit } from '../diagram/examples';
import { codes, diagnosticsOf, single } from './helpers';

const v = (id: string) => layer(id, 'visible', 2);
const h = (id: string) => layer(id, 'hidden', 2);

describe('compile diagnostics', () => {
  it('empty-diagram', () => {
    const d = single(diagnosticsOf(diagram([])), 'empty-diagram');
    expect(d).toMatchObject({ severity: 'error', nodeIds: [], edgeIds: [] });
    expect(d.message).toContain('add a unit');
    expect(codes(diagnosticsOf(diagram([], [coupling('e', 'a', 'b')])))).toEqual(['dangling-edge', 'empty-diagram']);
  });

  it('dangling-edge names the edge by its ends and the endpoint that is missing', () => {
    const d = single(diagnosticsOf(diagram([v('a')], [coupling('e', 'a', 'ghost')])), 'dangling-edge');
    expect(d).toMatchObject({ nodeIds: ['a'], edgeIds: ['e'] });
    expect(d.message).toBe('Coupling "a – ghost" connects to "ghost", which is not in the diagram: delete the edge or reconnect it.');
  });

  it('empty-layer for a layer of size 0 and for an RBM block with an empty part', () => {
    const diags = diagnosticsOf(diagram([v('a'), layer('z', 'hidden', 0), rbm('r', 3, 0)]));
    expect(diags.filter((d) => d.code === 'empty-layer').map((d) => d.nodeIds)).toEqual([['z'], ['r']]);
    expect(diags[0].message).toContain('give it at least one unit or delete it');
  });

  it('no-visible-units names every node', () => {
    const d = single(diagnosticsOf(diagram([h('a'), unit('b', 'hidden')], [coupling('e', 'a', 'b')])), 'no-visible-units');
    expect(d.nodeIds).toEqual(['a', 'b']);
    expect(d.message).toContain('set the role of a unit or layer to visible');
  });

  it('mixed-edge-kinds lists the edges of the minority kind', () => {
    const nodes = [v('a'), h('b'), h('c')];
    const energyMajority = single(
      diagnosticsOf(diagram(nodes, [coupling('c1', 'a', 'b'), coupling('c2', 'b', 'c'), parentLink('p1', 'a', 'c')])),
      'mixed-edge-kinds',
    );
    expect(energyMajority.edgeIds).toEqual(['p1']);
    expect(energyMajority.message).toContain('delete the 1 parent link "a → c" or turn it into couplings');
    const beliefMajority = single(
      diagnosticsOf(diagram(nodes, [parentLink('p1', 'b', 'a'), parentLink('p2', 'c', 'a'), coupling('c1', 'b', 'c')])),
      'mixed-edge-kinds',
    );
    expect(beliefMajority.edgeIds).toEqual(['c1']);
  });

  it('duplicate-edge: same unordered pair of couplings, both directions, and repeated parent links', () => {
    const same = single(diagnosticsOf(diagram([v('a'), h('b')], [coupling('e1', 'a', 'b'), coupling('e2', 'a', 'b')])), 'duplicate-edge');
    expect(same).toMatchObject({ nodeIds: ['a', 'b'], edgeIds: ['e1', 'e2'] });
    expect(same.message).toBe('There are 2 couplings between "a" and "b": keep one and delete the others.');
    const reversed = single(diagnosticsOf(diagram([v('a'), h('b')], [coupling('e1', 'a', 'b'), coupling('e2', 'b', 'a')])), 'duplicate-edge');
    expect(reversed.edgeIds).toEqual(['e1', 'e2']);
    const lateral = single(diagnosticsOf(diagram([v('a')], [coupling('s1', 'a', 'a'), coupling('s2', 'a', 'a')])), 'duplicate-edge');
    expect(lateral).toMatchObject({ nodeIds: ['a'], edgeIds: ['s1', 's2'] });
    const links = single(diagnosticsOf(diagram([h('a'), v('b')], [parentLink('p1', 'a', 'b'), parentLink('p2', 'a', 'b')])), 'duplicate-edge');
    expect(links.edgeIds).toEqual(['p1', 'p2']);
    expect(links.message).toBe('There are 2 parent links from "a" to "b": keep one and delete the others.');
    expect(lateral.message).toBe('There are 2 couplings of "a" to itself: keep one and delete the others.');
  });

  it('opposite parent links are a cycle, not a duplicate', () => {
    expect(codes(diagnosticsOf(diagram([h('a'), v('b')], [parentLink('p1', 'a', 'b'), parentLink('p2', 'b', 'a')])))).toEqual(['directed-cycle']);
  });

  it('a self-coupled RBM block repeats its internal weights: duplicate-edge', () => {
    const d = single(diagnosticsOf(diagram([rbm('r', 2, 2)], [coupling('s', 'r', 'r')])), 'duplicate-edge');
    expect(d).toMatchObject({ nodeIds: ['r'], edgeIds: ['s'] });
  });

  it('self-coupled-unit for a unit and for a layer of one unit', () => {
    const diags = diagnosticsOf(diagram([unit('u', 'visible'), layer('one', 'visible', 1)], [coupling('s1', 'u', 'u'), coupling('s2', 'one', 'one')]));
    expect(diags.map((d) => [d.code, d.edgeIds])).toEqual([
      ['self-coupled-unit', ['s1']],
      ['self-coupled-unit', ['s2']],
    ]);
    expect(diags[0].message).toContain('a unit has no self-weight: delete the coupling');
  });

  it('self-parent-link (reported as such, never as a cycle)', () => {
    const diags = diagnosticsOf(diagram([v('a'), h('b')], [parentLink('self', 'a', 'a'), parentLink('ok', 'b', 'a')]));
    expect(codes(diags)).toEqual(['self-parent-link']);
    expect(diags[0]).toMatchObject({ nodeIds: ['a'], edgeIds: ['self'] });
  });

  it('directed-cycle lists each cycle in order, one diagnostic per cyclic component', () => {
    const nodes = ['A', 'B', 'C', 'D', 'E', 'F'].map((id) => layer(id, id === 'D' ? 'visible' : 'hidden', 1));
    const links = [
      parentLink('ab', 'A', 'B'),
      parentLink('bc', 'B', 'C'),
      parentLink('ca', 'C', 'A'),
      parentLink('cd', 'C', 'D'),
      parentLink('ef', 'E', 'F'),
      parentLink('fe', 'F', 'E'),
    ];
    const cycles = diagnosticsOf(diagram(nodes, links));
    expect(cycles.map((d) => [d.code, d.nodeIds, d.edgeIds])).toEqual([
      ['directed-cycle', ['A', 'B', 'C'], ['ab', 'bc', 'ca']],
      ['directed-cycle', ['E', 'F'], ['ef', 'fe']],
    ]);
    expect(cycles[0].message).toBe(
      'Parent links form a cycle: A → B → C → A. A sigmoid belief network must be acyclic: reverse or delete one of the links "A → B", "B → C", "C → A".',
    );
  });

  it('names edges by the labels of their ends, never by their internal ids (issue 13)', () => {
    const labelled = (id: string, label: string, role: 'visible' | 'hidden') => layer(id, role, 1, { label });
    const nodes = [labelled('n-k2j9', 'h1', 'hidden'), labelled('n-7xq1', 'h3', 'hidden'), labelled('n-v0', 'v', 'visible')];
    const links = [parentLink('e-r4xg64qu', 'n-k2j9', 'n-7xq1'), parentLink('e-8fz2', 'n-7xq1', 'n-k2j9'), parentLink('e-1', 'n-7xq1', 'n-v0')];
    const energy = [coupling('e-c1', 'n-k2j9', 'n-v0'), coupling('e-c2', 'n-7xq1', 'n-v0'), coupling('e-c3', 'n-k2j9', 'n-7xq1'), coupling('e-c4', 'n-v0', 'n-v0')];
    const messages = [
      ...diagnosticsOf(diagram(nodes, links)),
      ...diagnosticsOf(diagram(nodes, [...energy, parentLink('e-p9', 'n-7xq1', 'n-v0'), coupling('e-d', 'n-v0', 'n-gone')])),
      ...diagnosticsOf(diagram(nodes, [parentLink('e-s', 'n-v0', 'n-v0'), parentLink('e-ok', 'n-k2j9', 'n-v0')])),
    ].map((d) => d.message);
    expect(messages.join('\n')).toContain('reverse or delete one of the links "h1 → h3", "h3 → h1"');
    expect(messages.join('\n')).toContain('delete the 1 parent link "h3 → v"');
    expect(messages.join('\n')).toContain('Coupling "v – n-gone" connects to "n-gone"');
    for (const message of messages) expect(message).not.toMatch(/\be-[a-z0-9]/);
  });

  it('rbm-parent-link for an RBM block with parent links, or any RBM block in a belief network', () => {
    const linked = single(diagnosticsOf(diagram([rbm('r', 2, 2), v('a')], [parentLink('p', 'r', 'a')])), 'rbm-parent-link');
    expect(linked).toMatchObject({ nodeIds: ['r'], edgeIds: ['p'] });
    const isolated = single(diagnosticsOf(diagram([rbm('r', 2, 2), h('a'), v('b')], [parentLink('p', 'a', 'b')])), 'rbm-parent-link');
    expect(isolated).toMatchObject({ nodeIds: ['r'], edgeIds: [] });
  });

  it('size-limit on units, without building index lists', () => {
    const started = performance.now();
    const d = single(diagnosticsOf(diagram([layer('huge', 'visible', 1e9), v('small')])), 'size-limit');
    // Building index lists for 10⁹ units would take minutes and gigabytes; 10 s holds on a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(d.nodeIds).toEqual(['huge']);
    expect(d.message).toContain('1,000,000,002 units, more than the limit of 100,000');
  });

  it('size-limit on parameters, counted without allocating weights', () => {
    const n = 8_000;
    expect((n * n) > COMPILE_LIMITS.maxParameters).toBe(true);
    const d = single(diagnosticsOf(diagram([layer('a', 'visible', n), layer('b', 'hidden', n)], [coupling('ab', 'a', 'b')])), 'size-limit');
    expect(d).toMatchObject({ nodeIds: ['a', 'b'], edgeIds: ['ab'] });
    expect(d.message).toContain('64,016,000 parameters');
  });

  it('returns every diagnostic found at once', () => {
    const d = diagram(
      [v('a'), layer('z', 'hidden', 0), unit('u', 'hidden')],
      [coupling('e1', 'a', 'u'), coupling('e2', 'u', 'a'), coupling('self', 'u', 'u'), coupling('gone', 'a', 'ghost'), parentLink('p', 'a', 'u')],
    );
    expect(codes(diagnosticsOf(d))).toEqual(['dangling-edge', 'duplicate-edge', 'empty-layer', 'mixed-edge-kinds', 'self-coupled-unit']);
  });

  it('every diagnostic message says what is wrong and what to do', () => {
    const d = diagram([v('a'), layer('z', 'hidden', 0)], [coupling('e1', 'a', 'a'), coupling('e2', 'a', 'a'), parentLink('p', 'z', 'z')]);
    for (const diag of diagnosticsOf(d)) expect(diag.message, diag.code).toMatch(/: (delete|keep|give|reverse|replace|set|make|re-initialise)/);
    expect(compile(diagram([v('a')])).ok).toBe(true);
  });
});
