import * as tf from '@tensorflow/tfjs';
import type { ChainSet, SamplerMethod, SweepOrder } from './chains';

/** Energies buffered on the backend between downloads, so a long schedule does not sync after every sweep. */
const TRACE_FLUSH = 64;

/** Runs `betas` (one sweep each) on `set`, recording energies into `trace` from row `offset`; tracks each chain's best state. */
export async function runSchedule(
  set: ChainSet,
  betas: Float64Array,
  method: SamplerMethod,
  order: SweepOrder,
  trace?: { values: Float32Array; offset: number },
  best?: { energies: tf.Tensor1D; states: tf.Tensor2D },
): Promise<void> {
  let pending: tf.Tensor1D[] = [];
  let row = trace?.offset ?? 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const stacked = tf.stack(pending);
    trace!.values.set(await stacked.data(), row * set.chains);
    row += pending.length;
    stacked.dispose();
    tf.dispose(pending);
    pending = [];
  };
  for (const beta of betas) {
    set.sweep(beta, method, order);
    if (!trace && !best) continue;
    const energies = set.energies();
    if (best) {
      const [e, s] = tf.tidy(() => {
        // Arithmetic instead of less/where, which are slow on the wasm backend.
        const drop = tf.relu(tf.sub(best.energies, energies));
        const better = tf.reshape(tf.step(drop), [1, -1]);
        return [tf.sub(best.energies, drop), tf.add(best.states, tf.mul(better, tf.sub(set.states, best.states)))] as const;
      });
      tf.dispose([best.energies, best.states]);
      best.energies = e as tf.Tensor1D;
      best.states = s as tf.Tensor2D;
    }
    if (trace) {
      pending.push(energies);
      if (pending.length >= TRACE_FLUSH) await flush();
    } else energies.dispose();
  }
  if (trace) await flush();
}
