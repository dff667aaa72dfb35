/** Largest number of frames a trajectory returns (mirrors TRAJECTORY_MAX_FRAMES in main/api/contract.ts). */
export const TRAJECTORY_MAX_FRAMES = 2000;

/** Most steps one trajectory runs (animation of small models: seconds, not minutes). */
export const MAX_TRAJECTORY_STEPS = 100_000;

/** Most units a trajectory handles (frames carry every unit's value). */
export const MAX_TRAJECTORY_UNITS = 1024;

/** Default thinning keeps frames × units at most this (about 20 MB of JSON). */
const MAX_FRAME_VALUES = 2_000_000;

/**
 * The steps at which frames are recorded: 0 (the start), every `every`-th step, and always the last. Without `every`,
 * the smallest stride that keeps the frames within TRAJECTORY_MAX_FRAMES (and frames × units within the value budget).
 */
export function frameSteps(steps: number, unitCount: number, every?: number): number[] {
  if (!Number.isInteger(steps) || steps < 1 || steps > MAX_TRAJECTORY_STEPS) {
    throw new RangeError(`Steps must be a whole number from 1 to ${MAX_TRAJECTORY_STEPS}; got ${steps}`);
  }
  let stride: number;
  if (every === undefined) {
    const budget = Math.max(2, Math.min(TRAJECTORY_MAX_FRAMES, Math.floor(MAX_FRAME_VALUES / Math.max(1, unitCount))));
    stride = Math.max(1, Math.ceil(steps / (budget - 1)));
  } else {
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`'every' must be a whole number ≥ 1; got ${every}`);
    stride = every;
  }
  const out: number[] = [];
  for (let s = 0; s <= steps; s += stride) out.push(s);
  if (out[out.length - 1] !== steps) out.push(steps);
  if (out.length > TRAJECTORY_MAX_FRAMES) {
    throw new RangeError(`Recording every ${stride} of ${steps} steps gives ${out.length} frames; at most ${TRAJECTORY_MAX_FRAMES} — use every ≥ ${Math.ceil(steps / (TRAJECTORY_MAX_FRAMES - 2))}`);
  }
  return out;
}
