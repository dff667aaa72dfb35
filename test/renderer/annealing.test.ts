import { describe, expect, it } from 'vitest';
import { scheduleBetasPerSweep, scheduleStages } from '../../engine/energy/sampling/schedule';
import { geometricTemperatures as engineGeometric } from '../../engine/energy/meanfield/schedule';
import { MEANFIELD_LEARNING_DEFAULTS } from '../../engine/energy/meanfield/learning';
import { BOLTZMANN_SAMPLED } from '../../engine/train/algorithms/boltzmann';
import { MEANFIELD_BOLTZMANN } from '../../engine/train/algorithms/meanfieldBoltzmann';
import { ANNEALING_KEYS, annealingPlan, geometricTemperatures, temperaturesPerSweep } from '../../renderer/src/train/annealing';

const defaults = (info: { hyperparameters: { key: string; default: number }[] }) => Object.fromEntries(info.hyperparameters.map((h) => [h.key, h.default]));

describe('annealing schedules in the run form', () => {
  it('boltzmann: the same temperature at every sweep as the engine geometric schedule to T = 1', () => {
    for (const [from, steps, sweeps] of [[4, 4, 2], [10, 7, 3], [1, 1, 5], [2.5, 2, 1], [1000, 50, 1]]) {
      const plan = annealingPlan('boltzmann', { ...defaults(BOLTZMANN_SAMPLED), startTemperature: from, annealingSteps: steps, sweepsPerStep: sweeps });
      const engine = scheduleStages({ kind: 'geometric', from, to: 1, steps, sweepsPerStep: sweeps });
      expect(plan?.stages).toHaveLength(engine.length);
      plan?.stages.forEach((s, k) => {
        expect(s.sweeps).toBe(engine[k].sweeps);
        expect(s.temperature).toBeCloseTo(engine[k].temperature, 12);
      });
      const engineTemperatures = Array.from(scheduleBetasPerSweep(engine), (b) => 1 / b);
      const ours = temperaturesPerSweep(plan!.stages);
      expect(ours).toHaveLength(engineTemperatures.length);
      ours.forEach((t, i) => expect(t).toBeCloseTo(engineTemperatures[i], 12));
    }
  });

  it('meanfield-boltzmann: the engine stages, then the final temperature for at most maxSweeps', () => {
    for (const [from, to, stages] of [[10, 1, 10], [4, 0.5, 3], [2, 2, 1], [1, 3, 5]]) {
      const plan = annealingPlan('meanfield-boltzmann', { ...defaults(MEANFIELD_BOLTZMANN), startTemperature: from, finalTemperature: to, annealingStages: stages });
      const engine = engineGeometric(from, to, stages);
      expect(plan?.stages.map((s) => s.temperature)).toHaveLength(engine.length);
      plan?.stages.forEach((s, k) => expect(s.temperature).toBeCloseTo(engine[k], 12));
      expect(plan?.tail).toEqual({ temperature: to, sweeps: MEANFIELD_LEARNING_DEFAULTS.maxSweeps });
      expect(plan?.stages.every((s) => s.sweeps === MEANFIELD_LEARNING_DEFAULTS.sweepsPerStage)).toBe(true);
    }
    expect(geometricTemperatures(3, 1, 1)).toEqual(engineGeometric(3, 1, 1));
  });

  it('reads every annealing setting the algorithms declare, and nothing for algorithms that do not anneal', () => {
    const keys = (info: { hyperparameters: { key: string }[] }) => info.hyperparameters.map((h) => h.key);
    expect(keys(BOLTZMANN_SAMPLED)).toEqual(expect.arrayContaining([...ANNEALING_KEYS.boltzmann]));
    expect(keys(MEANFIELD_BOLTZMANN)).toEqual(expect.arrayContaining([...ANNEALING_KEYS['meanfield-boltzmann']]));
    expect(annealingPlan('boltzmann-exact', { startTemperature: 4 })).toBeUndefined();
  });

  it('gives no plan for values the form would refuse', () => {
    expect(annealingPlan('boltzmann', { startTemperature: 4, annealingSteps: 0, sweepsPerStep: 2 })).toBeUndefined();
    expect(annealingPlan('boltzmann', { startTemperature: NaN, annealingSteps: 3, sweepsPerStep: 2 })).toBeUndefined();
    expect(annealingPlan('boltzmann', { startTemperature: 4, annealingSteps: 2.5, sweepsPerStep: 2 })).toBeUndefined();
  });
});
