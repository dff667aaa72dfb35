/** API latency under job load for `npm run bench` (the main-loop scenarios of test/main/jobs/loadProbe.ts). Prints, never asserts. */
import { bigRbmUnderLoad, cleanUp, describeFigures, xorUnderLoad, type Cleanups } from '../main/jobs/loadProbe';

export async function benchMainLoop(): Promise<void> {
  const cleanups: Cleanups = [];
  try {
    const xor = await xorUnderLoad(cleanups);
    console.log(describeFigures('API under load: XOR, checkpoint every epoch, + 10⁶ exact samples', xor.figures));
    await cleanUp(cleanups);
    const big = await bigRbmUnderLoad(cleanups);
    console.log(describeFigures(`API under load: 784×500 RBM, CD, checkpoint every epoch (${big.checkpoints} checkpoints)`, big.figures));
  } finally {
    await cleanUp(cleanups);
  }
}
