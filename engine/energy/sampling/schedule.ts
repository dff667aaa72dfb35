/**
 * A simulated-annealing schedule (Kirkpatrick, Gelatt & Vecchi 1983; Mehlig §4.3): temperatures T = 1/β visited in
 * order, a number of sweeps at each. T = 0 means zero-temperature sweeps (descent to a local energy minimum).
 */
export type AnnealSchedule =
  /** `steps` temperatures from `from` to `to`, equally spaced in log T: T_k = from·(to/from)^{k/(steps−1)} (one step: `to`). */
  | { kind: 'geometric'; from: number; to: number; steps: number; sweepsPerStep: number }
  /** `steps` temperatures equally spaced from `from` to `to` (either may be 0; one step: `to`). */
  | { kind: 'linear'; from: number; to: number; steps: number; sweepsPerStep: number }
  /** The user's own list of (temperature, sweeps) pairs. */
  | { kind: 'list'; stages: ScheduleStage[] };

/** One stage of a schedule. */
export interface ScheduleStage {
  temperature: number;
  sweeps: number;
}

/** Most sweeps one schedule may ask for. */
export const MAX_SCHEDULE_SWEEPS = 10_000_000;

function checkTemperature(value: number, what: string, allowZero: boolean): void {
  const ok = Number.isFinite(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) throw new RangeError(`${what} must be a finite temperature ${allowZero ? '≥ 0' : '> 0'}; got ${value}`);
}

function checkCount(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a whole number ≥ 1; got ${value}`);
}

/** The schedule's stages, validated; errors name the field at fault and what it must be. */
export function scheduleStages(schedule: AnnealSchedule): ScheduleStage[] {
  let stages: ScheduleStage[];
  if (schedule.kind === 'list') {
    if (!Array.isArray(schedule.stages) || schedule.stages.length === 0) throw new RangeError('A list schedule needs at least one (temperature, sweeps) stage');
    schedule.stages.forEach((s, k) => {
      checkTemperature(s.temperature, `Stage ${k + 1}'s temperature`, true);
      checkCount(s.sweeps, `Stage ${k + 1}'s sweeps`);
    });
    stages = schedule.stages.map((s) => ({ temperature: s.temperature, sweeps: s.sweeps }));
  } else if (schedule.kind === 'geometric' || schedule.kind === 'linear') {
    const geometric = schedule.kind === 'geometric';
    const hint = geometric ? ' (a geometric schedule cannot reach T = 0; use a linear or list schedule, or quench afterwards)' : '';
    try {
      checkTemperature(schedule.from, 'The start temperature', !geometric);
      checkTemperature(schedule.to, 'The end temperature', !geometric);
    } catch (error) {
      throw new RangeError(`${(error as Error).message}${hint}`);
    }
    checkCount(schedule.steps, 'Steps');
    checkCount(schedule.sweepsPerStep, 'Sweeps per step');
    const { from, to, steps, sweepsPerStep } = schedule;
    stages = Array.from({ length: steps }, (_, k) => {
      const x = steps === 1 ? 1 : k / (steps - 1);
      return { temperature: geometric ? from * (to / from) ** x : from + (to - from) * x, sweeps: sweepsPerStep };
    });
  } else {
    throw new RangeError(`Unknown schedule kind '${(schedule as { kind: string }).kind}'; use 'geometric', 'linear' or 'list'`);
  }
  const total = stages.reduce((sum, s) => sum + s.sweeps, 0);
  if (total > MAX_SCHEDULE_SWEEPS) throw new RangeError(`The schedule asks for ${total} sweeps; at most ${MAX_SCHEDULE_SWEEPS} are allowed`);
  return stages;
}

/** β per sweep of the schedule (Infinity at T = 0). */
export function scheduleBetasPerSweep(stages: readonly ScheduleStage[]): Float64Array {
  const betas = new Float64Array(stages.reduce((sum, s) => sum + s.sweeps, 0));
  let k = 0;
  for (const s of stages) betas.fill(s.temperature === 0 ? Infinity : 1 / s.temperature, k, (k += s.sweeps));
  return betas;
}

const numbers = (text: string, what: string): number[] =>
  text.split(',').map((part) => {
    const value = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(value)) throw new RangeError(`${what}: '${part}' is not a number`);
    return value;
  });

/**
 * Reads a schedule from text (CLI form): `geometric:FROM,TO,STEPS,SWEEPS`, `linear:FROM,TO,STEPS,SWEEPS`, or a list of
 * `T:SWEEPS` pairs separated by commas, e.g. `4:10,2:10,1:50,0:5`.
 */
export function parseSchedule(text: string): AnnealSchedule {
  const trimmed = text.trim();
  const match = /^(geometric|linear):(.*)$/.exec(trimmed);
  if (match) {
    const kind = match[1] as 'geometric' | 'linear';
    const values = numbers(match[2], `The ${kind} schedule '${trimmed}'`);
    if (values.length !== 4) throw new RangeError(`A ${kind} schedule reads ${kind}:FROM,TO,STEPS,SWEEPS (4 numbers); got '${trimmed}'`);
    const [from, to, steps, sweepsPerStep] = values;
    const schedule: AnnealSchedule = { kind, from, to, steps, sweepsPerStep };
    scheduleStages(schedule);
    return schedule;
  }
  const stages = trimmed.split(',').map((pair) => {
    const parts = pair.split(':');
    if (parts.length !== 2) throw new RangeError(`Schedule stage '${pair.trim()}' should read TEMPERATURE:SWEEPS, e.g. 2:10; or use geometric:… / linear:…`);
    const [temperature, sweeps] = parts.map((p) => numbers(p, `Schedule stage '${pair.trim()}'`)[0]);
    return { temperature, sweeps };
  });
  const schedule: AnnealSchedule = { kind: 'list', stages };
  scheduleStages(schedule);
  return schedule;
}
