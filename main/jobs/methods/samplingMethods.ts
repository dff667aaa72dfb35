/**
 * Sampling jobs for every method of the engine's sampling facade (engine/sample/runSampling.ts): Gibbs, Metropolis,
 * parallel tempering and simulated annealing for energy models, ancestral and Gibbs sampling for belief networks.
 * Samples are stored as bits.
 */
import type { CompiledModel } from '../../../engine/compiler/types';
import { parseSchedule, scheduleStages } from '../../../engine/energy/sampling/schedule';
import { BELIEF_SAMPLERS, ENERGY_SAMPLERS } from '../../../engine/sample/methods';
import { parseVisibleValues, sampleModel, type SampleArgs, type SamplingMethodInfo } from '../../../engine/sample/runSampling';
import type { MethodInfo, MethodTextInfo } from '../../api/contract';
import { unitNames } from './exactShared';
import type { JobMethod } from './types';

/** The text setting of an annealing schedule (engine/energy/sampling/schedule.ts parseSchedule). */
export const SCHEDULE_TEXT: Omit<MethodTextInfo, 'required'> = {
  key: 'schedule',
  label: 'Annealing schedule',
  description: 'geometric:FROM,TO,STEPS,SWEEPS, linear:FROM,TO,STEPS,SWEEPS, or T:SWEEPS pairs such as 4:10,2:10,1:50',
};

/** The text setting of visible units held fixed while sampling (engine/infer/clamp.ts parseVisibleValues). */
export const SAMPLE_CLAMP: MethodTextInfo = {
  key: 'clamp',
  label: 'Held visible units',
  description: 'visible units held at given values: UNITS=BITS pairs (x1=1, 0-2=101) or pattern:10?? with one 0, 1 or ? (free) per visible unit',
};

const familySamplers = (model: CompiledModel) => (model.type === 'energy' ? ENERGY_SAMPLERS : BELIEF_SAMPLERS);

function describe(m: SamplingMethodInfo): MethodInfo {
  const texts: MethodTextInfo[] = [];
  if (m.schedule !== 'none') texts.push({ ...SCHEDULE_TEXT, ...(m.schedule === 'required' ? { required: true } : {}) });
  if (m.clamp) texts.push(SAMPLE_CLAMP);
  const choices = [...m.choices, ...(m.trace ? [{ key: 'trace', label: 'Energy trace', options: ['off', 'on'], default: 'off' }] : [])];
  return { kind: 'sample', name: m.name, label: m.label, description: m.description, needsData: false, hyperparameters: m.options, choices, texts };
}

const summaryOf = (values: Float32Array | undefined, prefix: string): Record<string, number> => {
  if (!values || values.length === 0) return {};
  let [sum, min] = [0, Infinity];
  for (const v of values) [sum, min] = [sum + v, Math.min(min, v)];
  return { [`mean${prefix}`]: sum / values.length, [`min${prefix}`]: min };
};

/** Mean and smallest swap acceptance over the adjacent replica pairs of a tempering run. */
const swapFigures = (rates: Float64Array | undefined): Record<string, number> => {
  const finite = Array.from(rates ?? []).filter(Number.isFinite);
  return finite.length === 0 ? {} : { meanSwapAcceptance: finite.reduce((a, b) => a + b, 0) / finite.length, minSwapAcceptance: Math.min(...finite) };
};

/** Numbers as a short comma-separated list (β ladder, swap rates per pair) for an output's summary. */
const formatList = (values: ArrayLike<number>): string => Array.from(values, (v) => Number(v.toPrecision(3))).join(', ');

/** The sampling job of facade method `name`. */
function samplingMethod(name: string): JobMethod {
  const generic = [...ENERGY_SAMPLERS, ...BELIEF_SAMPLERS].find((m) => m.name === name)!;
  return {
    info: describe(generic),
    infoFor: (model) => describe(familySamplers(model).find((m) => m.name === name) ?? generic),
    refuses: (model) =>
      familySamplers(model).some((m) => m.name === name)
        ? undefined
        : `${generic.label} applies to ${model.type === 'energy' ? 'sigmoid belief networks' : 'energy models (Hopfield, Boltzmann machines, RBMs)'}, not to this ${model.type === 'energy' ? 'energy model' : 'sigmoid belief network'}`,
    check: (model, { texts }) => {
      if (texts.schedule !== undefined) scheduleStages(parseSchedule(texts.schedule));
      if (texts.clamp !== undefined) parseVisibleValues(texts.clamp, model);
    },
    async run({ model, parameters, seed, hyper, choices, texts, parameterStep }, context) {
      const { trace, ...rest } = choices;
      const args: SampleArgs = {
        ...hyper,
        ...(rest as Pick<SampleArgs, 'units' | 'sampler'>),
        method: name,
        seed,
        ...(trace === 'on' ? { trace: true } : {}),
        ...(texts.schedule !== undefined ? { schedule: texts.schedule } : {}),
        ...(texts.clamp !== undefined ? { clamp: parseVisibleValues(texts.clamp, model) } : {}),
      };
      context.progress(0, 1, {});
      await context.between();
      if (context.signal.aborted) return;
      const stop = new Error('cancelled');
      if (name === 'tempering') {
        args.progress = async (done, total) => {
          if (done < total) context.progress(done, total, {});
          await context.between();
          if (context.signal.aborted) throw stop;
        };
      }
      let result: Awaited<ReturnType<typeof sampleModel>>;
      try {
        result = await sampleModel(model, parameters, args);
      } catch (error) {
        if (error === stop) return;
        throw error;
      }
      const figures = { ...summaryOf(result.energies, 'Energy'), ...summaryOf(result.bestEnergies, 'BestEnergy'), ...swapFigures(result.swapAcceptance) };
      context.progress(1, 1, figures);
      const names = unitNames(model);
      const ladder = result.betas && result.swapAcceptance ? { betas: formatList(result.betas), swapAcceptance: formatList(result.swapAcceptance) } : {};
      const settings = { method: name, ...hyper, ...choices, ...texts, ...ladder, encoding: result.encoding, columns: result.unitIndices.map((u) => names[u]) };
      const plural = result.count === 1 ? '' : 's';
      context.output({
        kind: 'samples',
        name: `${result.count} sample${plural} by ${generic.label.toLowerCase()}`,
        step: parameterStep,
        summary: { ...settings, states: 'final', ...figures },
        array: { dtype: 'bits', shape: [result.count, result.width], values: result.samples },
      });
      if (result.bestSamples) {
        context.output({
          kind: 'samples',
          name: `Lowest-energy state of each of ${result.count} annealed chain${plural}`,
          step: parameterStep,
          summary: { ...settings, states: 'lowest-energy', ...summaryOf(result.bestEnergies, 'Energy') },
          array: { dtype: 'bits', shape: [result.count, result.width], values: result.bestSamples },
        });
      }
      if (result.energyTrace && result.temperatures) {
        const sweeps = result.temperatures.length;
        const table = new Float32Array(sweeps * (1 + result.count));
        for (let s = 0; s < sweeps; s++) {
          table[s * (1 + result.count)] = result.temperatures[s];
          table.set(result.energyTrace.subarray(s * result.count, (s + 1) * result.count), s * (1 + result.count) + 1);
        }
        context.output({
          kind: 'evaluation',
          name: `Energy trace of ${result.count} chain${plural}`,
          step: parameterStep,
          summary: { ...settings, sweeps, array: 'one row per sweep: the temperature, then H(s) of every chain after it' },
          array: { dtype: 'float32', shape: [sweeps, 1 + result.count], values: table },
        });
      }
    },
  };
}

/** One sampling job per facade method name (gibbs serves both families). */
export const SAMPLING_METHODS: readonly JobMethod[] = [...new Set([...ENERGY_SAMPLERS, ...BELIEF_SAMPLERS].map((m) => m.name))].map(samplingMethod);
