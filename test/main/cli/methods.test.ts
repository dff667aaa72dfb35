import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beliefNetwork } from '../../../engine/belief/network';
import { layeredBeliefDiagram, layeredBeliefSpec, randomBeliefParameters } from '../../../engine/belief/randomNetworks';
import { compile } from '../../../engine/compiler/compile';
import type { EnergyModelSpec } from '../../../engine/compiler/types';
import { parseDiagram } from '../../../engine/diagram/parse';
import { diagramWithParameters, parametersFromModel } from '../../../engine/model/parameters';
import { ALGORITHMS } from '../../../engine/train/registry';
import { methodsFor, methodSyntax } from '../../../main/jobs/methods';
import { reference64 } from '../../engine/belief/reference';
import { bruteForce, type BruteForce } from '../../engine/helpers/bruteForce';
import { rbmModel } from '../../engine/helpers/models';
import { tempDir } from '../helpers';
import { cli, errorLine, jsonLines, type CliOutcome } from './inProcess';

// attractor infer|sample|evaluate with every method, on diagram files, run in this process (runCli); one real child process.

const XOR_DIAGRAM = join(process.cwd(), 'projects/examples/xor-boltzmann.diagram.json');
const XOR_ROWS = ['000', '110', '011', '101'];
const { dir, cleanup } = tempDir('cli-methods');
afterAll(cleanup);

const xorFile = join(dir, 'xor-trained.json');
let xorRef: BruteForce;
const sbnSpec = layeredBeliefSpec([2, 3, 4]);
const sbnParams = randomBeliefParameters(sbnSpec, 3, { scale: 1.5 });
const net = beliefNetwork(sbnSpec, sbnParams);
const sbnFile = join(dir, 'sbn.json');
const sbnData = join(dir, 'sbn.csv');
const sbnRows = [[1, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 0], [0, 1, 0, 0], [1, 1, 0, 0]];

beforeAll(async () => {
  const trained = await cli(['train', XOR_DIAGRAM, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '300', '--seed', '2', '--out', xorFile]);
  expect(trained.code, trained.stderr).toBe(0);
  const parsed = parseDiagram(JSON.parse(readFileSync(xorFile, 'utf8')));
  if (!parsed.ok) throw new Error('trained diagram does not parse');
  const compiled = compile(parsed.diagram);
  if (!compiled.ok) throw new Error('trained diagram does not compile');
  const model = compiled.model as EnergyModelSpec;
  xorRef = bruteForce(model, parametersFromModel(model)!);
  writeFileSync(sbnFile, JSON.stringify(diagramWithParameters(layeredBeliefDiagram([2, 3, 4]), sbnParams)));
  writeFileSync(sbnData, `${sbnRows.map((r) => r.join(',')).join('\n')}\n`);
});

const num = (row: Record<string, unknown>, key: string) => row[key] as number;
const nums = (row: Record<string, unknown>, key: string) => row[key] as number[];
const xorBits = (r: number) => Array.from(XOR_ROWS[r], Number);

function expectError(outcome: CliOutcome, code: number, pattern: RegExp): void {
  expect(outcome.code, outcome.stderr).toBe(code);
  expect(outcome.stdout).toBe('');
  expect(outcome.stderr.trim().split('\n').filter((l) => l.startsWith('attractor:'))).toHaveLength(1);
  expect(errorLine(outcome)).toMatch(pattern);
}

describe('attractor infer --method', () => {
  it('energy models: exact ln P(v) of enumeration, sampled and mean-field means, and --clamp completing XOR', async () => {
    const exact = jsonLines(await cli(['infer', xorFile, '--data', 'xor', '--method', 'exact']));
    expect(exact.map((r) => r.row)).toEqual([1, 2, 3, 4]);
    exact.forEach((row, r) => expect(num(row, 'logProbability')).toBeCloseTo(xorRef.logProbabilityOf(xorBits(r)), 4));
    const gibbs = jsonLines(await cli(['infer', xorFile, '--data', 'xor', '--method', 'gibbs', '--set', 'chains=8', '--set', 'sweeps=100']));
    expect(Object.keys(gibbs[0])).toEqual(['row', 'hiddenMeans', 'hiddenStandardErrors']);
    const meanField = jsonLines(await cli(['infer', xorFile, '--data', 'xor', '--method', 'meanfield']));
    expect(meanField.every((row) => Number.isFinite(num(row, 'logProbabilityEstimate')) && nums(row, 'hiddenMeans').length === 4)).toBe(true);
    const extra: Record<string, string[]> = { exact: [], gibbs: ['--set', 'sweeps=100'], meanfield: ['--set', 'restarts=2'] };
    for (const method of ['exact', 'gibbs', 'meanfield']) {
      const rows = jsonLines(await cli(['infer', xorFile, '--data', 'xor', '--method', method, '--clamp', 'x1,x2', ...extra[method]]));
      expect(rows.map((row) => row.completed), method).toEqual(XOR_ROWS);
      // The known inputs keep their values (±1 units) and y's mean has the sign of x1 XOR x2.
      rows.forEach((row, r) => {
        const [x1, x2, y] = nums(row, 'visibleMeans');
        expect([x1, x2]).toEqual(xorBits(r).slice(0, 2).map((b) => 2 * b - 1));
        expect(Math.sign(y)).toBe(2 * xorBits(r)[2] - 1);
      });
    }
    const partial = jsonLines(await cli(['infer', xorFile, '--data', 'xor', '--clamp', '0-1']));
    // ln P(x1, x2) of the trained machine: its inputs are close to uniform.
    partial.forEach((row) => expect(num(row, 'logProbability')).toBeCloseTo(Math.log(1 / 4), 1));
  });

  it('belief networks: exact, gibbs, meanfield, attractor and mixture:M, the bounds below ln P(V)', async () => {
    const run = async (...words: string[]) => jsonLines(await cli(['infer', sbnFile, '--data', sbnData, ...words]));
    const exact = await run('--method', 'exact');
    const meanField = await run('--method', 'meanfield');
    const mixture = await run('--method', 'mixture:3', '--set', 'maxSweeps=100');
    const attractor = await run('--method', 'attractor', '--set', 'iterations=8');
    const gibbs = await run('--method', 'gibbs', '--set', 'chains=16', '--set', 'sweeps=200');
    sbnRows.forEach((bits, r) => {
      const ref = reference64(net, net.visibleIndices, bits);
      expect(num(exact[r], 'logProbability')).toBeCloseTo(ref.logLikelihood, 4);
      expect(num(meanField[r], 'lowerBound')).toBeLessThanOrEqual(ref.logLikelihood + 1e-5);
      expect(num(mixture[r], 'lowerBound')).toBeLessThanOrEqual(ref.logLikelihood + 1e-5);
      expect(num(mixture[r], 'lowerBound')).toBeGreaterThanOrEqual(num(meanField[r], 'lowerBound') - 1e-5);
      expect(Number.isFinite(num(attractor[r], 'negativeLyapunov'))).toBe(true);
      sbnSpec.hiddenIndices.forEach((u, k) => {
        expect(nums(exact[r], 'hiddenMeans')[k]).toBeCloseTo(ref.marginals[u], 4);
        expect(Math.abs(nums(gibbs[r], 'hiddenMeans')[k] - ref.marginals[u])).toBeLessThanOrEqual(4.5 * nums(gibbs[r], 'hiddenStandardErrors')[k] + 1e-6);
      });
    });
    // Known units named by label: ln P of those two units, the other two inferred.
    const clamped = await run('--method', 'exact', '--clamp', 'Layer 2[0],Layer 2[3]');
    sbnRows.forEach((bits, r) => {
      const ref = reference64(net, [net.visibleIndices[0], net.visibleIndices[3]], [bits[0], bits[3]]);
      expect(num(clamped[r], 'logProbability')).toBeCloseTo(ref.logLikelihood, 4);
      expect(nums(clamped[r], 'visibleMeans')[1]).toBeCloseTo(ref.marginals[net.visibleIndices[1]], 4);
      expect((clamped[r].completed as string)[0]).toBe(String(bits[0]));
    });
  });

  it('names the fix for unknown methods, refused methods, bad suffixes, settings and clamps', async () => {
    const infer = (file: string, data: string, ...words: string[]) => cli(['infer', file, '--data', data, ...words]);
    expectError(await infer(xorFile, 'xor', '--method', 'bogus'), 2, /--method must be one of exact, gibbs, meanfield, ais for infer on this energy model; got 'bogus'/);
    expectError(await infer(xorFile, 'xor', '--method', 'attractor'), 1, /Attractor dynamics applies to sigmoid belief networks.*infer methods for this energy model: exact, gibbs, meanfield, ais/);
    expectError(await infer(xorFile, 'xor', '--method', 'gibbs', '--base', 'uniform'), 2, /--base applies to methods that run AIS \(ais, compare\), not to gibbs/);
    expectError(await infer(xorFile, 'xor', '--method', 'ais', '--base', 'middle'), 1, /AIS base distribution \(base\) must be one of data, uniform, got middle/);
    expectError(await infer(sbnFile, sbnData, '--method', 'mixture:0'), 2, /only mixture takes a suffix, as mixture:M.*exact, gibbs, meanfield, attractor, mixture:M, importance/);
    expectError(await infer(sbnFile, sbnData, '--method', 'mixture:3', '--set', 'components=2'), 2, /sets components = 3 but the settings say components = 2; give one/);
    expectError(await infer(xorFile, 'xor', '--clamp', '0-5'), 1, /Visible position 3 in '0-5' is outside 0…2/);
    expectError(await infer(xorFile, 'xor', '--clamp', 'nose'), 1, /'nose' is neither a visible position.*visible units: x1, x2, y/);
    expectError(await infer(xorFile, 'xor', '--clamp', 'mask:10'), 1, /a mask needs 3 digits 0\/1/);
    expectError(await infer(xorFile, 'xor', '--method', 'gibbs', '--set', 'chains=many'), 2, /--set chains needs a number; got 'many'/);
    expectError(await infer(xorFile, 'xor', '--method', 'gibbs', '--set', 'temperature=2'), 1, /Gibbs sampling has no setting 'temperature'; it takes chains, burnIn, sweeps, .*clamp/);
    expectError(await infer(xorFile, 'xor', '--best'), 2, /--format and --best apply to sample/);
  });
});

describe('attractor sample --method', () => {
  /** Share of samples on the four XOR patterns, against the trained machine's exact P(XOR patterns) within 5 standard errors. */
  const expectXorShare = (lines: Record<string, unknown>[]) => {
    const p = [0, 1, 2, 3].reduce((sum, r) => sum + Math.exp(xorRef.logProbabilityOf(xorBits(r))), 0);
    const share = lines.filter((l) => XOR_ROWS.includes(l.bits as string)).length / lines.length;
    expect(Math.abs(share - p)).toBeLessThanOrEqual(5 * Math.sqrt((p * (1 - p)) / lines.length) + 1e-9);
  };

  it('energy models: gibbs, metropolis, anneal and exact draw the trained XOR distribution; CSV, --best and all units', async () => {
    for (const words of [['gibbs', '--sweeps', '100'], ['metropolis', '--sweeps', '100', '--temperature', '1'], ['anneal', '--schedule', '4:10,2:10,1:60'], ['exact', '--set', 'units=visible']]) {
      const lines = jsonLines(await cli(['sample', xorFile, '--count', '600', '--seed', '3', '--method', ...words]));
      expect(lines).toHaveLength(600);
      expect(lines[0].sample).toBe(1);
      expectXorShare(lines);
    }
    const csv = await cli(['sample', xorFile, '--method', 'gibbs', '--count', '5', '--sweeps', '50', '--format', 'csv']);
    const [header, ...rows] = csv.stdout.trim().split('\n');
    expect(header).toBe('x1,x2,y');
    expect(rows.every((row) => /^[01],[01],[01]$/.test(row))).toBe(true);
    expect(rows).toHaveLength(5);
    const best = await cli(['sample', xorFile, '--method', 'anneal', '--schedule', 'geometric:4,0.2,10,10', '--count', '20', '--best']);
    // The lowest-energy states of the trained machine are the XOR patterns.
    expect(jsonLines(best).every((l) => XOR_ROWS.includes(l.bits as string))).toBe(true);
    const all = jsonLines(await cli(['sample', xorFile, '--method', 'metropolis', '--count', '3', '--sweeps', '10', '--set', 'units=all']));
    expect(all.every((l) => /^[01]{7}$/.test(l.bits as string))).toBe(true);
    const held = jsonLines(await cli(['sample', xorFile, '--method', 'gibbs', '--count', '50', '--sweeps', '100', '--clamp', 'x1=1,x2=0']));
    expect(held.every((l) => (l.bits as string).startsWith('10'))).toBe(true);
    expect(held.filter((l) => l.bits === '101').length).toBeGreaterThan(40);
  });

  it('belief networks: ancestral fantasies and gibbs with held units; refusals name the fix', async () => {
    const fantasies = jsonLines(await cli(['sample', sbnFile, '--method', 'ancestral', '--count', '50']));
    expect(fantasies.every((l) => /^[01]{4}$/.test(l.bits as string))).toBe(true);
    const defaultMethod = jsonLines(await cli(['sample', sbnFile, '--count', '2']));
    expect(defaultMethod).toHaveLength(2);
    const held = jsonLines(await cli(['sample', sbnFile, '--method', 'gibbs', '--count', '30', '--sweeps', '20', '--clamp', 'pattern:1??0']));
    expect(held.every((l) => /^1[01]{2}0$/.test(l.bits as string))).toBe(true);
    expectError(await cli(['sample', sbnFile, '--method', 'gibbs', '--temperature', '2']), 1, /Gibbs sampling has no setting 'temperature'; it takes count, sweeps, units, clamp/);
    expectError(await cli(['sample', sbnFile, '--method', 'ancestral', '--clamp', 'pattern:1???']), 1, /Ancestral sampling has no setting 'clamp'/);
    expectError(await cli(['sample', xorFile, '--method', 'anneal']), 1, /needs the setting schedule \(annealing schedule\): geometric:FROM,TO,STEPS,SWEEPS/);
    expectError(await cli(['sample', xorFile, '--method', 'anneal', '--schedule', 'slowly']), 1, /schedule/i);
    expectError(await cli(['sample', xorFile, '--method', 'anneal', '--schedule', '1:5', '--sweeps', '3']), 1, /Simulated annealing has no setting 'sweeps'/);
    expectError(await cli(['sample', xorFile, '--format', 'xml']), 2, /--format must be json or csv/);
    expectError(await cli(['sample', xorFile, '--count', 'lots']), 2, /--count needs a number/);
  });
});

describe('attractor evaluate --method', () => {
  it('prints the mean value and KL: exact, an upper bound from the mean-field bound, −L without KL', async () => {
    const [exact] = jsonLines(await cli(['evaluate', sbnFile, '--data', sbnData]));
    const mean = sbnRows.reduce((sum, bits) => sum + reference64(net, net.visibleIndices, bits).logLikelihood, 0) / sbnRows.length;
    expect(exact).toMatchObject({ method: 'exact', quantity: 'logProbability', rows: 5, distinctPatterns: 5 });
    expect(num(exact, 'meanLogLikelihood')).toBeCloseTo(mean, 5);
    expect(num(exact, 'kl')).toBeCloseTo(Math.log(1 / 5) - mean, 5);
    const [bound] = jsonLines(await cli(['evaluate', sbnFile, '--data', sbnData, '--method', 'meanfield']));
    expect(num(bound, 'klUpperBound')).toBeGreaterThanOrEqual(num(exact, 'kl') - 1e-9);
    const [attractor] = jsonLines(await cli(['evaluate', sbnFile, '--data', sbnData, '--method', 'attractor']));
    expect(attractor).toMatchObject({ quantity: 'negativeLyapunov' });
    expect(attractor.kl ?? attractor.klUpperBound).toBeUndefined();
    const [energy] = jsonLines(await cli(['evaluate', xorFile, '--data', 'xor']));
    expect(num(energy, 'logPartition')).toBeCloseTo(xorRef.logZ, 3);
    expectError(await cli(['evaluate', sbnFile, '--data', sbnData, '--method', 'gibbs']), 2, /exact, meanfield, attractor, mixture:M, importance, compare for evaluate/);
  });
});

describe('attractor --help and train settings', () => {
  it('lists every registered algorithm and every method of each family, from the registries', async () => {
    const help = await cli(['train', '--help']);
    expect(help.code).toBe(0);
    for (const { info } of ALGORITHMS) expect(help.stdout).toContain(`${info.name} — ${info.label}`);
    for (const [family, model] of [['energy models', rbmModel(2, 1)], ['belief networks', sbnSpec]] as const) {
      for (const kind of ['infer', 'sample', 'evaluate'] as const) {
        const line = help.stdout.slice(help.stdout.indexOf(`${kind}, ${family}:`)).replace(/\s+/g, ' ');
        for (const method of methodsFor(model, kind)) expect(line).toContain(methodSyntax(method));
      }
    }
  });

  it('reads --set choices as words and numbers for hyperparameters', async () => {
    const out = join(dir, 'sbn-trained.json');
    const trained = await cli(['train', sbnFile, '--data', sbnData, '--algorithm', 'sbn-gibbs', '--epochs', '2', '--set', 'statistics=exact', '--set', 'learningRate=0.1', '--out', out]);
    expect(trained.code, trained.stderr).toBe(0);
    expect(JSON.parse(trained.stdout).config).toMatchObject({ statistics: 'exact', learningRate: 0.1 });
    expectError(await cli(['train', sbnFile, '--data', sbnData, '--algorithm', 'sbn-gibbs', '--set', 'statistics=3']), 1, /must be one of sampled, exact, got 3/);
    expectError(await cli(['train', sbnFile, '--data', sbnData, '--algorithm', 'sbn-gibbs', '--set', 'learningRate=fast']), 2, /--set learningRate needs a number; got 'fast'/);
  });
});

describe('the attractor command (child process)', () => {
  it('infers by the mixture bound with a clamp and prints one JSON line per row', async () => {
    const outcome = await new Promise<CliOutcome>((resolve, reject) => {
      const child = spawn(process.execPath, [join(process.cwd(), 'main/cli/bin.mjs'), 'infer', sbnFile, '--data', sbnData, '--method', 'mixture:2', '--clamp', '0-1', '--set', 'maxSweeps=50'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let [stdout, stderr] = ['', ''];
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    });
    const rows = jsonLines(outcome);
    expect(rows).toHaveLength(5);
    rows.forEach((row, r) => {
      expect(row.completed as string).toMatch(new RegExp(`^${sbnRows[r][0]}${sbnRows[r][1]}[01]{2}$`));
      expect(num(row, 'lowerBound')).toBeLessThanOrEqual(reference64(net, net.visibleIndices.slice(0, 2), sbnRows[r].slice(0, 2)).logLikelihood + 1e-5);
    });
    expect(outcome.stderr).toMatch(/backend: (wasm|cpu|tensorflow)/);
  });
});
