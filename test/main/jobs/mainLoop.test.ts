import { afterEach, describe, expect, it } from 'vitest';
import { bigRbmUnderLoad, cleanUp, describeFigures, xorUnderLoad, type Cleanups, type LoadFigures } from './loadProbe';

// While jobs run, every API call keeps answering, correctly, and the jobs go on: reads of every kind and a diagram write
// over the WebSocket bridge, beside training that checkpoints every epoch. How fast the calls answer is `npm run bench`
// (section mainLoop, goal < 50 ms for every call): a shared 2-core machine can miss any time limit a test would set.

const cleanups: Cleanups = [];
afterEach(() => cleanUp(cleanups));

/** Every channel was called often enough to mean something (each call answered ok, or the probe threw naming it). */
function expectAnswered(what: string, figures: LoadFigures): void {
  console.log(describeFigures(what, figures));
  for (const [channel, times] of figures.latencies) expect(times.length, channel).toBeGreaterThanOrEqual(10);
}

describe('main event loop under job load', () => {
  it('answers every channel while XOR training checkpoints every epoch and an exact sampling job runs beside it', async () => {
    const outcome = await xorUnderLoad(cleanups);
    expect(outcome.samplingEnd).toMatchObject({ id: outcome.samplingId, status: 'completed' });
    expect(outcome.statusBeforeCancel).toBe('running');
    expect(outcome.trainingEnd).toMatchObject({ id: outcome.runId, status: 'cancelled' });
    expectAnswered('XOR, checkpoint every epoch, + 10⁶ exact samples', outcome.figures);
  });

  it('answers every channel while a 784 × 500 RBM trains with CD and stores a 1.6 MB checkpoint every epoch', async () => {
    const outcome = await bigRbmUnderLoad(cleanups);
    expect(outcome.checkpoints).toBeGreaterThan(3);
    expect(outcome.trainingEnd).toMatchObject({ id: outcome.runId, status: 'cancelled' });
    expectAnswered(`784×500 RBM, CD, checkpoint every epoch (${outcome.checkpoints} checkpoints stored)`, outcome.figures);
  });
});
