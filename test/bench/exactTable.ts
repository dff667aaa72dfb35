/** Seconds to enumerate the all-states table (probe:exact's computation) as models grow to 24 units. Prints, never asserts. */
import { layeredBeliefSpec, randomBeliefParameters } from '../../engine/belief/randomNetworks';
import { exactStateTable } from '../../engine/exact/stateTable';
import { fullyCoupledModel, randomDataset, randomParameters } from '../engine/helpers/models';

const seconds = (run: () => void): string => {
  const began = performance.now();
  run();
  return `${((performance.now() - began) / 1000).toFixed(2)} s`;
};

export async function benchExactTable(): Promise<void> {
  console.log('\nExact all-states table (4096 rows kept, with 100 data rows and KL)');
  for (const hidden of [4, 8, 12]) {
    const energy = fullyCoupledModel(12, hidden, 'pm1');
    const belief = layeredBeliefSpec([hidden, 12]);
    const data = randomDataset(12, 100, hidden);
    const energyTime = seconds(() => exactStateTable(energy, randomParameters(energy, 1), { data }));
    const beliefTime = seconds(() => exactStateTable(belief, randomBeliefParameters(belief, 1), { data }));
    console.log(`  ${12 + hidden} units (2^${12 + hidden} states): Boltzmann machine ${energyTime}, belief network ${beliefTime}`);
  }
}
