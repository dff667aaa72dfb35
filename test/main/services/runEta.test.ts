import { describe, expect, it } from 'vitest';
import { RunEta } from '../../../main/services/runEta';

// The ETA of a run with AIS every n epochs: training epochs and evaluation epochs timed apart, the ones left of each counted.

describe('run ETA', () => {
  it('without evaluations: the average pace of the epochs so far times the epochs left', () => {
    const eta = new RunEta(0, 0, 0);
    eta.record(2, 10, 0);
    eta.record(4, 10, 0);
    expect(eta.estimate(20, 100)).toEqual({ etaSeconds: 16, untimedEvaluations: 0 });
  });

  it('counts the AIS estimates still to come at their own measured time', () => {
    // 0.1 s per training epoch, AIS every 50 epochs taking 30 s more.
    const eta = new RunEta(0, 50, 0);
    eta.record(4.9, 49, 0);
    // Before the first estimate its time is unknown: left out, and said so (epochs 50 and 100 to come).
    expect(eta.estimate(49, 100)).toEqual({ etaSeconds: expect.closeTo(49 * 0.1, 9), untimedEvaluations: 2 });
    eta.record(4.9 + 30.1, 1, 1);
    const after = eta.estimate(50, 100);
    expect(after.untimedEvaluations).toBe(0);
    // 49 training epochs at 0.1 s and one estimate epoch at 30.1 s.
    expect(after.etaSeconds).toBeCloseTo(49 * 0.1 + 30.1, 9);
    // A batch mixing training epochs with an estimate: the training epochs at their pace, the rest the estimate's.
    eta.record(35 + 0.4 + 29.9, 5, 1);
    expect(eta.estimate(55, 100).etaSeconds).toBeCloseTo(44 * 0.1 + 30, 9);
  });

  it('counts evaluations from the step the attempt started at (a continued run’s monitor counts its own epochs)', () => {
    const eta = new RunEta(30, 50, 10);
    eta.record(11, 10, 0);
    // Epochs 31…100 of a run resumed at 30: its session's epoch 50 is step 80, the only estimate left.
    expect(eta.estimate(40, 100)).toEqual({ etaSeconds: expect.closeTo(59 * 0.1, 9), untimedEvaluations: 1 });
  });
});
