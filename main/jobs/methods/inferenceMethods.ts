/**
 * Inference jobs for every method of the engine's inference facade (engine/infer/runInference.ts): per data row the value
 * the method gives (ln P(v), an estimate with its standard error, a lower bound or −L), the hidden posterior means and,
 * with a clamp, the inferred visible means and completed patterns.
 */
import type { CompiledModel } from '../../../engine/compiler/types';
import { visibleNames } from '../../../engine/infer/clamp';
import { BELIEF_METHODS, ENERGY_METHODS, methodRefusal, type InferenceMethodInfo } from '../../../engine/infer/methods';
import { inferRows, parseVisibleClamp, type InferArgs, type InferenceResult } from '../../../engine/infer/runInference';
import type { MethodInfo, MethodTextInfo } from '../../api/contract';
import { unitNames } from './exactShared';
import { inferenceTable } from './inferenceTable';
import { jobSteps, stepReporter } from './jobProgress';
import type { JobMethod, MethodContext, MethodInput } from './types';

/** The text setting naming the known visible units of every row (engine/infer/clamp.ts parseVisibleClamp). */
export const INFER_CLAMP: MethodTextInfo = {
  key: 'clamp',
  label: 'Known visible units',
  description: 'the visible units held at each row’s values, the rest inferred: positions (0-3), node labels (x1,x2), label[K], or mask:BITS with one 0/1 per visible unit',
};

/** "logProbability" → "meanLogProbability": the progress metric and summary figure of a method's per-row values. */
export const meanKey = (quantity: string): string => `mean${quantity[0].toUpperCase()}${quantity.slice(1)}`;

const familyMethods = (model: CompiledModel) => (model.type === 'energy' ? ENERGY_METHODS : BELIEF_METHODS);

/** A facade inference method as a job method of `kind` (its options become the job's hyperparameters). */
export function facadeMethodInfo(kind: 'infer' | 'evaluate', m: InferenceMethodInfo, texts: MethodTextInfo[]): MethodInfo {
  return { kind, name: m.name, label: m.label, description: m.description, needsData: true, hyperparameters: m.options, ...(m.choices ? { choices: m.choices } : {}), texts };
}

/** Why method `name` of the facade cannot run on `model`, or undefined. */
export function facadeRefusal(model: CompiledModel, name: string, label: string): string | undefined {
  if (!familyMethods(model).some((m) => m.name === name)) {
    return `${label} applies to ${model.type === 'energy' ? 'sigmoid belief networks' : 'energy models (Hopfield, Boltzmann machines, RBMs)'}, not to this ${model.type === 'energy' ? 'energy model' : 'sigmoid belief network'}`;
  }
  return methodRefusal(model, name);
}

/** The job's choices as facade arguments (ais: the base distribution, fitted to the job's rows). */
export function facadeChoices(input: MethodInput): Pick<InferArgs, 'base' | 'baseData' | 'baseDataName'> {
  if (input.choices.base === undefined) return {};
  const data = input.dataset!;
  return { base: input.choices.base as InferArgs['base'], baseData: data, baseDataName: `the ${data.rowCount} rows of ${data.name} scored` };
}

/**
 * Runs inferRows with the job's options, reporting rows done as steps (fractions while AIS anneals); undefined when the job
 * was cancelled. The facade stops by an exception thrown from its progress hook, which is how a cancel gets in.
 */
export async function inferForJob(name: string, input: MethodInput, data: MethodInput['dataset'] & object, context: MethodContext, clampText?: string): Promise<InferenceResult | undefined> {
  const stop = new Error('cancelled');
  // The last step is reported with the run's figures once they are known.
  const report = stepReporter(context, jobSteps(name, data.rowCount));
  try {
    return await inferRows(input.model, input.parameters, data, {
      ...input.hyper,
      ...facadeChoices(input),
      method: name,
      seed: input.seed,
      ...(clampText !== undefined ? { clamp: parseVisibleClamp(clampText, input.model) } : {}),
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

/** The inference job of facade method `name` (exact, gibbs, meanfield, ais, attractor or mixture — mixture:M is mixture with components = M). */
function inferenceMethod(name: string): JobMethod {
  const generic = [...ENERGY_METHODS, ...BELIEF_METHODS].find((m) => m.name === name)!;
  const infoOf = (m: InferenceMethodInfo) => facadeMethodInfo('infer', m, m.clamp ? [INFER_CLAMP] : []);
  return {
    info: infoOf(generic),
    infoFor: (model) => infoOf(familyMethods(model).find((m) => m.name === name) ?? generic),
    refuses: (model) => facadeRefusal(model, name, generic.label),
    check: (model, { texts }) => {
      if (texts.clamp !== undefined) parseVisibleClamp(texts.clamp, model);
    },
    async run(input, context) {
      const data = input.dataset!;
      const result = await inferForJob(name, input, data, context, input.texts.clamp);
      if (!result) return;
      const names = unitNames(input.model);
      const visible = visibleNames(input.model);
      const table = inferenceTable(result, names, visible);
      const figures: Record<string, number | string | boolean> = { ...result.summary };
      const meanValue = figures.meanValue;
      delete figures.meanValue;
      if (result.quantity && typeof meanValue === 'number') figures[meanKey(result.quantity)] = meanValue;
      const steps = jobSteps(name, data.rowCount);
      context.progress(steps, steps, Object.fromEntries(Object.entries(figures).filter((e): e is [string, number] => typeof e[1] === 'number')));
      const common = { method: result.method, datasetId: data.id, datasetName: data.name, rows: data.rowCount, encoding: result.encoding, ...(input.texts.clamp ? { clamp: input.texts.clamp } : {}) };
      context.output({
        kind: 'inference',
        name: `${generic.label} (${result.method}) on ${data.name}`,
        step: input.parameterStep,
        summary: {
          ...common,
          ...(result.quantity ? { quantity: result.quantity } : {}),
          ...figures,
          ...(result.likelihood ? { likelihood: result.likelihood } : {}),
          columns: table.columns,
          groups: table.groups,
        },
        array: { dtype: 'float32', shape: [data.rowCount, table.columns.length], values: table.values },
      });
      if (result.completed) {
        context.output({
          kind: 'completions',
          name: `Completions by ${result.method} of ${data.name}`,
          step: input.parameterStep,
          summary: { ...common, columns: visible },
          array: { dtype: 'bits', shape: [data.rowCount, visible.length], values: result.completed },
        });
      }
    },
  };
}

/** One inference job per facade method name, in the facade's order (energy methods first). */
export const INFERENCE_METHODS: readonly JobMethod[] = [...new Set([...ENERGY_METHODS, ...BELIEF_METHODS].map((m) => m.name))].map(inferenceMethod);
