/**
 * evaluate compare: the inference methods of the facade (engine/infer/runInference.ts) side by side on one model and the
 * distinct patterns of one dataset — exact, Gibbs, mean field, attractor dynamics and mixtures with M = 1…M_max (belief
 * networks; Saul & Jordan 2000, Bishop et al. 1998), importance sampling beside the bounds (belief networks), AIS (energy
 * models) — each with its estimate of the mean ln P(V), its error against exact enumeration, the error of its posterior
 * means, a standard error where it samples, its wall time, and for the estimators the full likelihood record.
 */
import type { CompiledModel } from '../../../engine/compiler/types';
import { empiricalDistribution } from '../../../engine/energy/empirical';
import { BELIEF_METHODS, ENERGY_METHODS, methodRefusal, parseMethod } from '../../../engine/infer/methods';
import { inferRows, type InferArgs, type InferenceResult } from '../../../engine/infer/runInference';
import { IMPORTANCE_DEFAULTS } from '../../../engine/belief/importance';
import { AIS_DEFAULTS } from '../../../engine/likelihood/estimate';
import type { MethodTextInfo } from '../../api/contract';
import { compareRow, type CompareRow } from './compareFigures';
import { stepReporter } from './jobProgress';
import { perPattern, ROW_SCORED_METHODS } from './patternResults';
import type { JobMethod, MethodContext, MethodInput } from './types';

/** Compare settings (defaults sized so a 2-4-6 or 1-4-9 network over 16 patterns takes a few seconds on wasm); AIS as everywhere (AIS_DEFAULTS). */
export const COMPARE_DEFAULTS = {
  maxComponents: 5,
  chains: 16,
  burnIn: 50,
  sweeps: 100,
  boundSweeps: 100,
  aisTemperatures: AIS_DEFAULTS.temperatures,
  aisRuns: AIS_DEFAULTS.runs,
  aisBase: AIS_DEFAULTS.base,
  importanceSamples: IMPORTANCE_DEFAULTS.samples,
};

/** The text setting choosing the methods; absent: every method of the model's family. */
export const COMPARE_METHODS_TEXT: MethodTextInfo = {
  key: 'methods',
  label: 'Methods',
  description: 'the methods to compare, separated by commas, e.g. exact,gibbs,meanfield,attractor,mixture:1,mixture:5 (default: every method of the family, mixtures M = 1…maxComponents)',
};

const familyMethods = (model: CompiledModel) => (model.type === 'energy' ? ENERGY_METHODS : BELIEF_METHODS);

/** The default list: the family's methods in the facade's order, mixture expanded to mixture:1 … mixture:maxComponents. */
export function defaultCompareMethods(model: CompiledModel, maxComponents: number): string[] {
  return familyMethods(model).flatMap((m) => (m.name === 'mixture' ? Array.from({ length: maxComponents }, (_, k) => `mixture:${k + 1}`) : [m.name]));
}

/** The methods of the `methods` text (or the defaults); throws naming a method that no family has. */
export function compareMethodList(model: CompiledModel, text: string | undefined, maxComponents: number): string[] {
  if (text === undefined) return defaultCompareMethods(model, maxComponents);
  const list = text.split(',').map((t) => t.trim()).filter((t) => t !== '');
  const known = new Set([...ENERGY_METHODS, ...BELIEF_METHODS].map((m) => m.name));
  for (const item of list) {
    const { name } = parseMethod(item);
    if (!known.has(name)) throw new Error(`Method '${item}' is not an inference method; compare takes ${[...known].join(', ')} (mixture as mixture:M)`);
  }
  if (list.length === 0) throw new Error('Name at least one method to compare, e.g. exact,meanfield');
  return [...new Set(list)];
}

/** Why `text` cannot run on `model` (the other family's method, too many units), or undefined. */
function refusalOf(model: CompiledModel, text: string): string | undefined {
  const { name } = parseMethod(text);
  if (!familyMethods(model).some((m) => m.name === name)) {
    return `${name} applies to ${model.type === 'energy' ? 'sigmoid belief networks' : 'restricted Boltzmann machines and other energy models'}, not to this ${model.type === 'energy' ? 'energy model' : 'sigmoid belief network'}`;
  }
  return methodRefusal(model, name);
}

/** How `text` is labelled in the table. */
function labelOf(model: CompiledModel, text: string): string {
  const { name, components } = parseMethod(text);
  const info = [...familyMethods(model), ...ENERGY_METHODS, ...BELIEF_METHODS].find((m) => m.name === name);
  const label = info?.label ?? name;
  return components === undefined ? label : `${label} (M = ${components})`;
}

/** The facade options of one method from the compare settings (each method takes only its own). */
function optionsOf(input: MethodInput, name: string): Partial<InferArgs> {
  const { model, hyper } = input;
  if (name === 'gibbs') return { chains: hyper.chains, burnIn: hyper.burnIn, sweeps: hyper.sweeps };
  if (name === 'ais') {
    const data = input.dataset!;
    const base = (input.choices.aisBase ?? COMPARE_DEFAULTS.aisBase) as InferArgs['base'];
    return { temperatures: hyper.aisTemperatures, runs: hyper.aisRuns, base, baseData: data, baseDataName: `the ${data.rowCount} rows of ${data.name} scored` };
  }
  // The mixture's component 0 starts from the same mean-field run, so the two bounds are comparable pattern by pattern;
  // importance sampling's proposal is that mean-field run too, so its estimate sits beside the bound it improves on.
  if (model.type === 'belief' && (name === 'meanfield' || name === 'mixture')) return { maxSweeps: hyper.boundSweeps };
  if (name === 'importance') return { maxSweeps: hyper.boundSweeps, samples: hyper.importanceSamples };
  return {};
}

/** Whole steps of the bar per method (the project stores whole steps): method k ends at step (k + 1) · STEPS_PER_METHOD. */
export const STEPS_PER_METHOD = 1000;

/**
 * Runs one method over the patterns (the row-scored estimators over every row), letting pause and cancel in between
 * batches and moving the bar within the method's step; undefined when cancelled.
 */
async function runOne(input: MethodInput, rows: MethodInput['dataset'] & object, text: string, context: MethodContext, step: { index: number; of: number }): Promise<InferenceResult | undefined> {
  const stop = new Error('cancelled');
  const report = stepReporter(context, STEPS_PER_METHOD, step.index * STEPS_PER_METHOD, step.of * STEPS_PER_METHOD);
  try {
    return await inferRows(input.model, input.parameters, rows, {
      ...optionsOf(input, parseMethod(text).name),
      method: text,
      seed: input.seed,
      onProgress: async (done, total) => {
        report(done / Math.max(1, total));
        await context.between();
        if (context.signal.aborted) throw stop;
      },
    });
  } catch (error) {
    if (error === stop) return undefined;
    throw error;
  }
}

const int = (key: string, label: string, value: number, min: number, max: number) => ({ key, label, default: value, min, max, integer: true });

/** The compare evaluation job (kind 'evaluate', name 'compare'). */
export const compareMethod: JobMethod = {
  info: {
    kind: 'evaluate',
    name: 'compare',
    label: 'Compare inference methods',
    description:
      'Every inference method side by side on the distinct patterns of the data: the mean ln P(V), its estimate, lower bound or −L; the error against exact enumeration; the error of the posterior means; standard errors of the samplers; wall time.',
    needsData: true,
    hyperparameters: [
      int('maxComponents', 'Mixtures up to M', COMPARE_DEFAULTS.maxComponents, 1, 16),
      int('chains', 'Gibbs chains per pattern', COMPARE_DEFAULTS.chains, 2, 4096),
      int('burnIn', 'Gibbs burn-in sweeps', COMPARE_DEFAULTS.burnIn, 0, 1_000_000),
      int('sweeps', 'Gibbs recorded sweeps', COMPARE_DEFAULTS.sweeps, 1, 10_000_000),
      int('boundSweeps', 'Mean-field and mixture sweeps at most', COMPARE_DEFAULTS.boundSweeps, 1, 1_000_000),
      int('aisTemperatures', 'AIS intermediate temperatures', COMPARE_DEFAULTS.aisTemperatures, 1, 1_000_000),
      int('aisRuns', 'AIS runs', COMPARE_DEFAULTS.aisRuns, 2, 100_000),
      int('importanceSamples', 'Importance samples per pattern', COMPARE_DEFAULTS.importanceSamples, 2, 100_000_000),
    ],
    choices: [{ key: 'aisBase', label: 'AIS base distribution', options: ['data', 'uniform'], default: COMPARE_DEFAULTS.aisBase }],
    texts: [COMPARE_METHODS_TEXT],
  },
  refuses(model) {
    const offered = familyMethods(model).map((m) => m.name);
    return offered.some((name) => methodRefusal(model, name) === undefined) ? undefined : methodRefusal(model, offered[0]);
  },
  check(model, { hyper, texts }) {
    compareMethodList(model, texts.methods, hyper.maxComponents ?? COMPARE_DEFAULTS.maxComponents);
  },
  async run(input, context) {
    const data = input.dataset!;
    const empirical = empiricalDistribution(data);
    const patterns = { id: data.id, name: data.name, width: data.width, rowCount: empirical.count, bits: empirical.patterns };
    const weights = empirical.probabilities;
    const list = compareMethodList(input.model, input.texts.methods, input.hyper.maxComponents);
    // Exact goes first so every later row can be compared with it.
    const ordered = list.includes('exact') ? ['exact', ...list.filter((m) => m !== 'exact')] : list;
    const rows: CompareRow[] = [];
    let exact: InferenceResult | undefined;
    for (const [k, text] of ordered.entries()) {
      await context.between();
      if (context.signal.aborted) return;
      const label = labelOf(input.model, text);
      const refusal = refusalOf(input.model, text);
      if (refusal !== undefined) {
        rows.push({ method: text, label, seconds: 0, refusal });
        context.progress((k + 1) * STEPS_PER_METHOD, ordered.length * STEPS_PER_METHOD, {});
        continue;
      }
      const started = performance.now();
      const rowScored = ROW_SCORED_METHODS.has(parseMethod(text).name);
      const ran = await runOne(input, rowScored ? data : patterns, text, context, { index: k, of: ordered.length });
      if (!ran) return;
      const result = rowScored ? perPattern(ran, empirical) : ran;
      const seconds = (performance.now() - started) / 1000;
      if (text === 'exact') exact = result;
      const row = compareRow(result.method, label, result, weights, seconds, exact);
      if (result.likelihood) row.likelihood = result.likelihood;
      rows.push(row);
      context.progress((k + 1) * STEPS_PER_METHOD, ordered.length * STEPS_PER_METHOD, { ...(row.estimate !== undefined ? { [row.method]: row.estimate } : {}), seconds });
    }
    context.output({
      kind: 'evaluation',
      name: `Comparison of ${rows.length} inference methods on ${data.name}`,
      step: input.parameterStep,
      summary: {
        method: 'compare',
        datasetId: data.id,
        datasetName: data.name,
        datasetRows: data.rowCount,
        distinctPatterns: empirical.count,
        family: input.model.type,
        seed: input.seed,
        settings: { ...input.hyper, ...input.choices },
        rows,
      },
    });
  },
};
