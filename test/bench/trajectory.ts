/** Steps per second of recorded trajectories (probe:trajectory) on small models of both families. Prints, never asserts. */
import { layeredBeliefSpec, randomBeliefParameters } from '../../engine/belief/randomNetworks';
import type { CompiledModel } from '../../engine/compiler/types';
import { hebbParameters } from '../../engine/energy/hopfield/hebbModel';
import type { ModelParameters } from '../../engine/model/parameters';
import { computeTrajectory, type TrajectoryArgs } from '../../engine/trajectory/computeTrajectory';
import { datasetFromRows, randomDataset, randomParameters, rbmModel } from '../engine/helpers/models';
import { hopfieldLayerModel } from '../engine/trajectory/helpers';

async function rate(model: CompiledModel, params: ModelParameters, args: TrajectoryArgs): Promise<string> {
  const result = await computeTrajectory(model, params, args);
  return `${(args.steps / result.seconds).toFixed(0)} steps/s (${result.frames.length} frames in ${result.seconds.toFixed(2)} s)`;
}

export async function benchTrajectory(): Promise<void> {
  console.log('\nTrajectories (one chain or one relaxation, a frame every step)');
  const hopfield = hopfieldLayerModel(100);
  const data = randomDataset(100, 5, 1);
  const rows = Array.from({ length: 5 }, (_, r) => Array.from(data.bits.subarray(r * 100, (r + 1) * 100)));
  const { params } = hebbParameters(hopfield, datasetFromRows(rows));
  console.log(`  Hopfield 100 units, Gibbs T = 1 (unit by unit): ${await rate(hopfield, params, { method: 'gibbs', steps: 200, seed: 1 })}`);
  console.log(`  Hopfield 100 units, mean field (unit by unit): ${await rate(hopfield, params, { method: 'meanfield', steps: 50, seed: 1 })}`);
  console.log(`  Hopfield 100 units, stochastic Hopfield T = 0.5: ${await rate(hopfield, params, { method: 'hopfield', steps: 100, seed: 1, temperature: 0.5 })}`);
  const rbm = rbmModel(64, 32, 'binary01');
  const rbmParams = randomParameters(rbm, 1);
  console.log(`  RBM 64×32, Gibbs (two colour classes, batched): ${await rate(rbm, rbmParams, { method: 'gibbs', steps: 500, seed: 1 })}`);
  console.log(`  RBM 64×32, mean field: ${await rate(rbm, rbmParams, { method: 'meanfield', steps: 500, seed: 1 })}`);
  const sbn = layeredBeliefSpec([8, 24, 64]);
  const sbnParams = randomBeliefParameters(sbn, 1);
  const clamp = Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? 1 : 0)) as (0 | 1)[];
  for (const method of ['gibbs', 'meanfield', 'attractor'] as const) {
    console.log(`  SBN 8-24-64 (visible clamped), ${method}: ${await rate(sbn, sbnParams, { method, steps: 100, seed: 1, clamp })}`);
  }
}
