import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../../../engine/compiler/compile';
import { summarize } from '../../../engine/compiler/summary';
import { builtinDataset } from '../../../engine/data/builtin';
import { listExamples, loadExample } from '../../../projects/examples';
import { XOR_CSV } from '../../../projects/examples/xorCsv';
import { createProject, openProject } from '../../../projects/storage/openProject';
import { makeTempDir } from '../helpers';

/** Mehlig §4.4: the XOR patterns in ±1 form (x1, x2, y). */
const MEHLIG_XOR = [
  [-1, -1, -1],
  [1, 1, -1],
  [-1, 1, 1],
  [1, -1, 1],
];

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('bundled examples', () => {
  it('lists the XOR Boltzmann machine and returns undefined for unknown ids', async () => {
    expect(listExamples()).toContainEqual(expect.objectContaining({ id: 'xor-boltzmann', name: 'XOR Boltzmann machine' }));
    expect(listExamples().every((example) => example.description.length > 20)).toBe(true);
    expect(await loadExample('no-such-example')).toBeUndefined();
  });

  it('XOR diagram: 3 visible units x1, x2, y above 4 hidden h1..h4, every one of the 21 pairs coupled once', async () => {
    const example = (await loadExample('xor-boltzmann'))!;
    expect(example.name).toBe('XOR Boltzmann machine');
    expect(example.diagrams).toHaveLength(1);
    const [diagram] = example.diagrams;
    expect(diagram.settings.encoding).toBe('pm1');
    expect(diagram.parameters).toBeUndefined();
    const units = diagram.nodes.map((node) => (node.kind === 'unit' ? `${node.role}:${node.label}` : node.kind));
    expect(units).toEqual(['visible:x1', 'visible:x2', 'visible:y', 'hidden:h1', 'hidden:h2', 'hidden:h3', 'hidden:h4']);
    const visibleY = diagram.nodes.filter((node) => node.kind === 'unit' && node.role === 'visible').map((node) => node.position.y);
    const hiddenY = diagram.nodes.filter((node) => node.kind === 'unit' && node.role === 'hidden').map((node) => node.position.y);
    expect(Math.max(...visibleY)).toBeLessThan(Math.min(...hiddenY));
    const pairs = new Set(diagram.edges.map((edge) => [edge.source, edge.target].sort().join('|')));
    expect(diagram.edges.every((edge) => edge.kind === 'coupling' && edge.source !== edge.target)).toBe(true);
    expect(diagram.edges).toHaveLength(21);
    expect(pairs.size).toBe(21);
  });

  it('compiles to "Boltzmann machine · 7 units · 21 couplings"', async () => {
    const result = compile((await loadExample('xor-boltzmann'))!.diagrams[0]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(summarize(result.model)).toBe('Boltzmann machine · 7 units · 21 couplings');
  });

  it("XOR dataset: Mehlig's four patterns, the same as the engine's builtin 'xor' and as xor.csv", async () => {
    const [dataset] = (await loadExample('xor-boltzmann'))!.datasets;
    expect(dataset).toMatchObject({ id: 'xor', width: 3, rowCount: 4 });
    const pm1 = Array.from({ length: 4 }, (_, row) => Array.from(dataset.bits.subarray(row * 3, row * 3 + 3), (bit) => 2 * bit - 1));
    expect(pm1).toEqual(MEHLIG_XOR);
    expect(dataset.bits).toStrictEqual(builtinDataset('xor')!.bits);
    expect(readFileSync(join(import.meta.dirname, '../../../projects/examples/xor.csv'), 'utf8')).toBe(XOR_CSV);
  });

  it('hands out fresh copies and survives a save and reopen', async () => {
    const first = (await loadExample('xor-boltzmann'))!;
    first.diagrams[0].nodes.pop();
    first.datasets[0].bits[0] = 1;
    const example = (await loadExample('xor-boltzmann'))!;
    expect(example.diagrams[0].nodes).toHaveLength(7);
    expect(example.datasets[0].bits[0]).toBe(0);

    const path = join(temp.dir, 'xor.attractor');
    const store = await createProject(path, example.name);
    for (const diagram of example.diagrams) await store.putDiagram(diagram);
    for (const dataset of example.datasets) await store.putDataset(dataset);
    await store.close();
    const reopened = await openProject(path, { readOnly: true });
    expect(await reopened.listDiagrams()).toStrictEqual(example.diagrams);
    expect(await reopened.listDatasets()).toStrictEqual(example.datasets);
    await reopened.close();
  });
});
