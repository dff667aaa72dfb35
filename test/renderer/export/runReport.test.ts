import { describe, expect, it } from 'vitest';
import type { MetricPoint, OutputSummary, RunSummary } from '../../../main/api/contract';
import { escapeHtml, formatSeconds, formatUtc } from '../../../renderer/src/export/reportHtml';
import { buildRunReport, finalValues, metricSeries, runName } from '../../../renderer/src/export/runReport';
import { shareTraces } from '../../../renderer/src/likelihood/estimates';
import { estimateOutput, healthy, likelihoodSummary, shortSchedule } from '../likelihood/fixtures';
import { checkWellFormedXml } from './xmlCheck';

const run: RunSummary = {
  id: 'run-000000abc123',
  kind: 'train',
  diagramId: 'd1',
  datasetId: 'ds1',
  algorithm: 'boltzmann-exact',
  config: { learningRate: 0.1, momentum: 0.5, annealing: 'none', useMeanField: false },
  seed: 42,
  backend: 'wasm',
  status: 'completed',
  startedAt: Date.UTC(2026, 10, 23, 7, 0, 0),
  endedAt: Date.UTC(2026, 10, 23, 7, 1, 5),
  totalSteps: 300,
  lastStep: 300,
  parent: { runId: 'run-parent-999', step: 120 },
  activeSeconds: 65.25,
  metrics: [],
  note: 'Looks <b>good</b> & "stable"\nsecond line',
};

// A series longer than the summary's thinned one, with AIS points and their standard errors every 100 epochs.
const metrics: MetricPoint[] = Array.from({ length: 300 }, (_, k) => ({
  step: k + 1,
  values: {
    kl: 2 * Math.exp(-(k + 1) / 60),
    ...((k + 1) % 100 === 0 ? { aisLogLikelihood: -3 + (k + 1) / 200, aisStandardError: 0.05 } : {}),
  },
}));

const outputs: OutputSummary[] = [
  { id: 'o1', runId: run.id, kind: 'samples', name: 'Fantasies <final>', step: 300, createdAt: Date.UTC(2026, 10, 23, 7, 1, 6), summary: { method: 'gibbs', chains: 16, meanEnergy: -1.23456 }, arrayShape: [16, 4] },
];

const html = buildRunReport({
  run,
  metrics,
  outputs,
  diagramName: 'XOR <script>alert(1)</script>',
  compiledSummary: 'Boltzmann machine · 7 units · 21 couplings',
  dataset: { id: 'ds1', name: 'XOR & friends', width: 3, rowCount: 4, preview: [] },
  projectName: 'Demo',
  generatedAt: Date.UTC(2026, 10, 23, 8, 0, 0),
});

describe('run report', () => {
  it('shows the run: model, data, algorithm, every setting, seed, backend, status, duration, times and lineage', () => {
    for (const text of [
      'Boltzmann machine · 7 units · 21 couplings',
      'XOR &amp; friends · 4 rows × 3 bits',
      'boltzmann-exact',
      '<th scope="row">learningRate</th><td>0.1</td>',
      '<th scope="row">momentum</th><td>0.5</td>',
      '<th scope="row">annealing</th><td>none</td>',
      '<th scope="row">useMeanField</th><td>no</td>',
      '<th scope="row">Seed</th><td>42</td>',
      '<th scope="row">Backend</th><td>wasm</td>',
      '<th scope="row">Status</th><td>completed</td>',
      '1 m 05 s (65.3 s)',
      '2026-11-23 07:00:00 UTC',
      '2026-11-23 07:01:05 UTC',
      'run run-parent-999 at epoch 120',
      '300 of 300',
    ])
      expect(html).toContain(text);
  });

  it('gives the final figures of the full series (last values, not the thinned summary)', () => {
    const finals = finalValues(metrics);
    expect(finals.map((f) => f.name)).toEqual(['kl', 'aisLogLikelihood', 'aisStandardError']);
    expect(finals[0]).toEqual({ name: 'kl', step: 300, value: 2 * Math.exp(-5), count: 300 });
    expect(finals[1]).toMatchObject({ step: 300, value: -1.5, count: 3 });
    // 2e^-5 = 0.013476… shown to four significant digits in the figures table.
    expect(html).toMatch(/<td>KL\(data‖model\) \(nats\)<\/td><td>0\.01348<\/td><td>300<\/td><td>300<\/td>/);
    expect(html).toContain('<td>−1.5</td>');
  });

  it('draws one inline SVG chart per metric, with the standard error as the AIS band rather than a chart of its own', () => {
    const figures = [...html.matchAll(/<figure data-metric="([^"]+)">(<svg[\s\S]*?<\/svg>)/g)];
    expect(figures.map((f) => f[1])).toEqual(['kl', 'aisLogLikelihood']);
    for (const [, , svg] of figures) expect(checkWellFormedXml(svg)[0]).toBe('svg');
    expect(figures[0][2].match(/<polyline points="([^"]*)"/)?.[1].split(' ')).toHaveLength(300);
    expect(figures[1][2]).toContain('<polygon');
    expect(html).toContain('band: ±1 standard error');
  });

  it('draws a long run through M4 decimation (at most four points per pixel column) but reports its exact final value', () => {
    const long: MetricPoint[] = Array.from({ length: 50_000 }, (_, k) => ({ step: k + 1, values: { kl: 1 / (k + 1) + (k % 2 ? 0.01 : 0) } }));
    const page = buildRunReport({ run, metrics: long, outputs: [], generatedAt: 0 });
    const points = /<polyline points="([^"]*)"/.exec(page)?.[1].split(' ').length ?? 0;
    expect(points).toBeGreaterThan(720);
    expect(points).toBeLessThanOrEqual(4 * 720);
    expect(page).toContain('<td>0.01002</td><td>50000</td><td>50000</td>');
    expect(page.length).toBeLessThan(200_000);
  });

  it('escapes HTML in names, notes and outputs', () => {
    expect(html).not.toContain('<script>');
    expect(html).toContain('XOR &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<p class="note">Looks &lt;b&gt;good&lt;/b&gt; &amp; &quot;stable&quot;\nsecond line</p>');
    expect(html).toContain('Fantasies &lt;final&gt;');
    expect(html).toContain('<td>16 × 4</td>');
    expect(html).toContain('method gibbs · chains 16 · meanEnergy −1.235');
    expect(escapeHtml(`<a href="x">'`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;');
  });

  it('is self-contained: no URLs, no external sources, a policy forbidding requests', () => {
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html).not.toMatch(/@import/);
    expect(html).toContain(`default-src 'none'`);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('says so when a run has no metrics, outputs or note, and names deleted diagrams and datasets by id', () => {
    const bare = buildRunReport({ run: { ...run, note: '', parent: undefined, endedAt: undefined, status: 'running' }, metrics: [], outputs: [], generatedAt: 0 });
    expect(bare).toContain('The run recorded no metrics.');
    expect(bare).toContain('The run stored no outputs.');
    expect(bare).not.toContain('<h2>Note</h2>');
    expect(bare).not.toContain('<svg');
    expect(bare).toContain('d1 (no longer in the project)');
    expect(bare).toContain('ds1 (no longer in the project)');
    expect(bare).toContain('<th scope="row">Continued from</th><td>none</td>');
    expect(bare).toContain('<th scope="row">Started from</th><td>the diagram’s parameters, or a fresh initialisation where it had none</td>');
    const fresh = buildRunReport({ run: { ...run, parent: undefined, seed: 11, config: { ...run.config, init: 'fresh' } }, metrics: [], outputs: [], generatedAt: 0 });
    expect(fresh).toContain('<th scope="row">Started from</th><td>fresh initialisation (seed 11)</td>');
    const continued = buildRunReport({ run: { ...run, parent: { runId: 'run-parent', step: 500 }, config: { ...run.config, init: 'current' } }, metrics: [], outputs: [], generatedAt: 0 });
    expect(continued).toContain('<th scope="row">Continued from</th><td>run run-parent at epoch 500</td>');
    expect(continued).toContain('<th scope="row">Started from</th><td>the parameters of run run-parent at epoch 500</td>');
    expect(bare).toContain('not ended');
  });

  it('names the run by diagram, algorithm and id, and formats times and spans', () => {
    expect(runName(run, 'XOR')).toBe('XOR boltzmann-exact abc123');
    expect(runName({ ...run, kind: 'sample', algorithm: 'gibbs' })).toBe('sample gibbs abc123');
    expect(metricSeries(metrics, 'aisLogLikelihood').steps).toEqual([100, 200, 300]);
    expect(formatUtc(0)).toBe('1970-01-01 00:00:00 UTC');
    expect(formatSeconds(48.34)).toBe('48.3 s');
    expect(formatSeconds(3725)).toBe('1 h 02 m (3725.0 s)');
    expect(formatSeconds(NaN)).toBe('—');
  });
});

describe('run report: likelihood estimates', () => {
  const aisMetrics: MetricPoint[] = Array.from({ length: 20 }, (_, k) => ({
    step: k + 1,
    values: {
      logLikelihood: -4 + k / 40,
      ...((k + 1) % 10 === 0 ? { aisLogLikelihood: -3.9 + k / 40, aisStandardError: 0.05, aisReverseLogLikelihood: -4.2 + k / 40, aisReverseStandardError: 0.08 } : {}),
    },
  }));
  const early = estimateOutput('e10', 10, healthy);
  const late = estimateOutput('e20', 20, shortSchedule);
  const page = buildRunReport({
    run: { ...run, algorithm: 'cd', config: { aisEvery: 10, aisTemperatures: 5, aisRuns: 100 } },
    metrics: aisMetrics,
    outputs: [late.summary, early.summary],
    estimateTraces: { outputId: 'e20', traces: shareTraces(late.array) },
    generatedAt: 0,
  });
  const section = page.slice(page.indexOf('<h2>Likelihood estimates</h2>'), page.indexOf('<h2>Outputs</h2>'));

  it('tables every estimate by epoch with both sides, interval, gap, effective runs and how it was made', () => {
    expect(section).not.toBe('');
    const rows = [...section.matchAll(/<table class="data estimates">[\s\S]*?<\/table>/g)][0][0].match(/<tr><td>[\s\S]*?<\/tr>/g)!;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^<tr><td>epoch 10<\/td><td>mean ln P\(v\)<\/td>/);
    const l = likelihoodSummary(shortSchedule);
    expect(rows[1]).toContain(`<td>${l.forward.value.toFixed(3).replace('-', '−')} ± ${l.forward.standardError.toFixed(3)}</td>`);
    expect(rows[1]).toContain(`${l.forward.effective!.toFixed(1)} / ${l.reverse!.effective!.toFixed(1)} of 100`);
    expect(rows[1]).toContain('5 temperatures (salakhutdinov-murray), 100 runs, seed 3; reverse from exact samples');
    expect(rows[1]).toContain('<td>2 ⚠</td>');
  });

  it("shows the warnings in a visible box, the effective share per temperature and the sides' guarantees", () => {
    const boxes = section.match(/<div class="warnings">[\s\S]*?<\/div>/g)!;
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toContain('Warnings at epoch 20');
    expect(boxes[0]).toContain('data-code="fewEffectiveRuns"');
    expect(boxes[0]).toContain('use more temperatures');
    const share = /<figure data-figure="effective-share">(<svg[\s\S]*?<\/svg>)/.exec(section)![1];
    expect(checkWellFormedXml(share)[0]).toBe('svg');
    expect(share.match(/<polyline /g)).toHaveLength(2);
    expect(section).toContain('Forward AIS underestimates log Z in expectation');
    expect(section).toContain('Reverse AIS started from Gibbs chains guarantees nothing');
    expect(page).not.toMatch(/https?:\/\//i);
  });

  it('draws forward and reverse AIS on one chart with the interval shaded and exact dotted; outputs name both sides', () => {
    const chart = /<figure data-metric="aisLogLikelihood">(<svg[\s\S]*?<\/svg>)/.exec(page)![1];
    expect(chart.match(/<polyline /g)).toHaveLength(3);
    expect(chart).toContain('stroke-dasharray="7 4"');
    expect(chart).toContain('AIS ln P reverse');
    expect(chart.match(/fill-opacity="0.12"/g)).toHaveLength(1);
    expect(page).toContain('with reverse dashed, exact dotted');
    expect(page).toMatch(/likelihood forward \(optimistic\) −\d+\.\d{3} ± \d\.\d{3}, reverse \(conservative\)/);
    // A run without estimates has no such section.
    expect(html).not.toContain('<h2>Likelihood estimates</h2>');
  });
});
