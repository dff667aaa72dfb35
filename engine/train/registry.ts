import type { TrainingAlgorithm } from './algorithm';
import { boltzmannExactAlgorithm } from './algorithms/boltzmannExact';
import { cdAlgorithm } from './algorithms/cd';
import { meanfieldBoltzmannAlgorithm } from './algorithms/meanfieldBoltzmann';
import { pcdAlgorithm } from './algorithms/pcd';
import { sbnAttractorAlgorithm } from './algorithms/sbnAttractor';

/** Every training algorithm the engine offers, in the order the UI lists them. Add one import and one entry per algorithm. */
export const ALGORITHMS: TrainingAlgorithm[] = [
  boltzmannExactAlgorithm,
  meanfieldBoltzmannAlgorithm,
  cdAlgorithm,
  pcdAlgorithm,
  sbnAttractorAlgorithm,
];
