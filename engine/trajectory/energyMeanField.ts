import * as tf from '@tensorflow/tfjs';
import type { EnergyModelSpec } from '../compiler/types';
import { clampTensors } from '../energy/meanfield/clamp';
import { createMeanFieldContext, naturalMeans } from '../energy/meanfield/fixedPoint';
import { meanFieldFreeEnergyTensor } from '../energy/meanfield/freeEnergy';
import { iterateMeanField, type ClampTensors, type IterationSettings } from '../energy/meanfield/iterate';
import type { ModelParameters } from '../model/parameters';
import { createRandom } from '../random/seeded';
import type { TrajectoryDriver } from './driver';
import type { UnitInputs } from './inputs';

/** Half-width of the seeded jitter around the unbiased start m = 0 (μ = ½ ± half of it), as meanFieldFixedPoint's default. */
export const MEAN_FIELD_START_SPREAD = 0.01;

/** Starting means in the model's encoding (natural order): clamp, then start, else the unbiased state with a small seeded jitter. */
export function initialMeans(inputs: UnitInputs, encoding: EnergyModelSpec['encoding'], seed: number): Float32Array {
  const random = createRandom(seed).fork('trajectory-meanfield-start');
  const pm1 = encoding === 'pm1';
  return Float32Array.from(inputs.start, (v) => {
    const jitter = (2 * random.next() - 1) * MEAN_FIELD_START_SPREAD;
    if (v >= 0) return v ? 1 : pm1 ? -1 : 0;
    return pm1 ? jitter : 0.5 + jitter / 2;
  });
}

/**
 * Sequential (independent set by independent set, undamped) mean-field iteration of an energy model at β = 1/T,
 * m_i ← tanh(β(Σ_j w_ij m_j + b_i)) (Mehlig eq. 3.8; σ for 0/1 units), one sweep per step, traced by the mean-field
 * free energy F_MF, which a sequential sweep never increases. Values are P(on) = (1 + m)/2 (±1 units) or μ.
 */
export function energyMeanFieldDriver(model: EnergyModelSpec, params: ModelParameters, inputs: UnitInputs, temperature: number, seed: number): TrajectoryDriver {
  if (!(temperature > 0 && Number.isFinite(temperature))) {
    throw new RangeError(`Mean-field iteration needs a positive finite temperature (β = 1/T); got T = ${temperature} — use hopfield dynamics for T = 0`);
  }
  const beta = 1 / temperature;
  const n = model.unitCount;
  const pm1 = model.encoding === 'pm1';
  const context = createMeanFieldContext(model, params);
  const { layout, operator } = context;
  let clamp: ClampTensors | undefined;
  let means: tf.Tensor2D | undefined;
  try {
    if (inputs.anyClamped) {
      const units = Array.from({ length: n }, (_, i) => i).filter((i) => inputs.clamp[i] >= 0);
      clamp = clampTensors(layout, { units, values: Float32Array.from(units, (i) => (inputs.clamp[i] ? 1 : pm1 ? -1 : 0)) }, 1);
    }
    const start = initialMeans(inputs, model.encoding, seed);
    means = tf.tidy(() => {
      const m = tf.tensor2d(start, [1, n]);
      return layout.identity ? m : (tf.gather(m, tf.tensor1d(layout.order, 'int32'), 1) as tf.Tensor2D);
    });
  } catch (error) {
    if (clamp) tf.dispose([clamp.mask, clamp.values]);
    context.dispose();
    throw error;
  }
  const settings: IterationSettings = {
    encoding: model.encoding,
    update: 'sequential',
    damping: 0,
    tolerance: 0,
    maxIterations: 0,
    beta,
    annealingBetas: [],
    iterationsPerStage: 0,
  };
  return {
    traceName: 'Mean-field free energy F',
    async advance(steps) {
      const outcome = iterateMeanField(operator, means!, { ...settings, maxIterations: steps }, clamp);
      means!.dispose();
      means = outcome.means;
    },
    async read() {
      const natural = naturalMeans(layout, means!);
      const energy = meanFieldFreeEnergyTensor(operator, means!, beta, model.encoding);
      const [trace] = await energy.data();
      energy.dispose();
      return { values: pm1 ? natural.map((m) => (1 + m) / 2) : natural, trace };
    },
    dispose() {
      means?.dispose();
      if (clamp) tf.dispose([clamp.mask, clamp.values]);
      context.dispose();
    },
  };
}
