/** API latency with a 1,000,000-step run stored and a training job going on, for `npm run bench`. Prints, never asserts. */
import { cleanUp, describeFigures, value, type Cleanups } from '../main/jobs/loadProbe';
import { bigRunSession, LONG_RUN_STEPS, measureCalls } from '../main/services/bigRunLoad';

export async function benchApiLatency(): Promise<void> {
  const cleanups: Cleanups = [];
  try {
    const session = await bigRunSession(cleanups);
    console.log(`API latency, ${LONG_RUN_STEPS.toLocaleString('en')}-step run stored (inserted in ${session.insertSeconds.toFixed(1)} s) and XOR training on:`);
    const diagram = session.project.diagrams[0];
    console.log(describeFigures('  one call at a time', await measureCalls(session.client, session.longRunId, diagram, 6000, 1)));
    console.log(describeFigures('  8 calls in flight (times include waiting behind each other)', await measureCalls(session.client, session.longRunId, diagram, 6000, 8)));
    await value(session.client, 'run:cancel', { runId: session.trainingId });
  } finally {
    await cleanUp(cleanups);
  }
}
