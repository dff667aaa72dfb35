import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Runs `fn` and checks that it leaves no tensor behind (tf.memory().numTensors unchanged). */
export async function noLeak<T>(fn: () => Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  expect(tf.memory().numTensors).toBe(before);
  return result;
}
