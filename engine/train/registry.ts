import type { TrainingAlgorithm } from './algorithm';
import { boltzmannExactAlgorithm } from './algorithms/boltzmannExact';
import { sbnAttractorAlgorithm } from './algorithms/sbnAttractor';

/** Every training algorithm the engine offers, in the order the UI lists them. Add one import and one entry per algorithm. */
export const ALGORITHMS: TrainingAlgorithm[] = [
  boltzmannExactAlgorithm,
  sbnAttractorAlgorithm,
];
