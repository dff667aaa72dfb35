/**
 * Time left of a run whose evaluation epochs (the AIS monitor every `evaluateEvery` epochs) take far longer than its
 * training epochs: each kind is timed on its own and the epochs left of each are counted, so the ETA neither ignores the
 * estimates still to come nor spreads one estimate's minute over every epoch.
 */

/** The metric an evaluation epoch reports (the monitor's forward AIS estimate). */
export const EVALUATION_METRIC = 'aisLogLikelihood';

export interface EtaEstimate {
  etaSeconds: number;
  /** Evaluation epochs left whose time is unknown (none has been timed yet), so etaSeconds leaves them out. */
  untimedEvaluations: number;
}

interface Tally {
  seconds: number;
  steps: number;
}

const pace = (t: Tally) => (t.steps > 0 ? t.seconds / t.steps : 0);

export class RunEta {
  private readonly training: Tally = { seconds: 0, steps: 0 };
  private readonly evaluation: Tally = { seconds: 0, steps: 0 };
  private lastActive: number;

  /** `startStep`: the step this attempt started at (evaluations fall every `evaluateEvery` epochs after it; 0: none). */
  constructor(
    private readonly startStep: number,
    private readonly evaluateEvery: number,
    activeSeconds: number,
  ) {
    this.lastActive = activeSeconds;
  }

  /** Records a batch of `steps` finished steps, `evaluated` of them evaluation epochs, done by `activeSeconds` of compute. */
  record(activeSeconds: number, steps: number, evaluated: number): void {
    const seconds = Math.max(0, activeSeconds - this.lastActive);
    this.lastActive = activeSeconds;
    const trainingSteps = Math.max(0, steps - evaluated);
    // A batch with an estimate in it: its training epochs at their known pace, the rest of its time the estimate's.
    const trainingSeconds = evaluated === 0 ? seconds : Math.min(seconds, trainingSteps * pace(this.training));
    this.training.seconds += trainingSeconds;
    this.training.steps += trainingSteps;
    this.evaluation.seconds += seconds - trainingSeconds;
    this.evaluation.steps += evaluated;
  }

  /** The time left from `step` to `totalSteps`. */
  estimate(step: number, totalSteps: number): EtaEstimate {
    const every = this.evaluateEvery;
    const evaluationsLeft = every > 0 ? Math.floor((totalSteps - this.startStep) / every) - Math.floor((step - this.startStep) / every) : 0;
    const trainingLeft = Math.max(0, totalSteps - step - evaluationsLeft);
    const timed = this.evaluation.steps > 0;
    return {
      etaSeconds: trainingLeft * pace(this.training) + (timed ? evaluationsLeft * pace(this.evaluation) : 0),
      untimedEvaluations: timed ? 0 : evaluationsLeft,
    };
  }
}
