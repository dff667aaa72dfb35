import * as tf from '@tensorflow/tfjs';
import { checkEvidence, evidenceStates, observedMask, type BeliefEvidence } from '../evidence';
import type { BeliefStructure } from '../network';

/** Evidence as tensors: mask [1, 1, N] (1 on observed units) and values [1, B, N] (observed values, 0 elsewhere). */
export interface ClampTensors {
  patternCount: number;
  mask: tf.Tensor3D;
  values: tf.Tensor3D;
  dispose(): void;
}

/** ClampTensors for `evidence` (checked: throws naming the problem); the caller disposes them. */
export function clampTensors(structure: BeliefStructure, evidence: BeliefEvidence): ClampTensors {
  checkEvidence(structure, evidence);
  const n = structure.unitCount;
  const mask = tf.tensor3d(observedMask(structure, evidence), [1, 1, n]);
  const values = tf.tensor3d(evidenceStates(structure, evidence), [1, evidence.count, n]);
  return { patternCount: evidence.count, mask, values, dispose: () => (mask.dispose(), values.dispose()) };
}
