import type { TrainingAlgorithm } from './algorithm';
import { boltzmannAlgorithm } from './algorithms/boltzmann';
import { boltzmannExactAlgorithm } from './algorithms/boltzmannExact';
import { cdAlgorithm } from './algorithms/cd';
import { dbnGreedyAlgorithm } from './algorithms/dbnGreedy';
import { hebbAlgorithm } from './algorithms/hebb';
import { meanfieldBoltzmannAlgorithm } from './algorithms/meanfieldBoltzmann';
import { pcdAlgorithm } from './algorithms/pcd';
import { sbnAttractorAlgorithm } from './algorithms/sbnAttractor';
import { sbnGibbsAlgorithm } from './algorithms/sbnGibbs';
import { sbnMeanfieldAlgorithm } from './algorithms/sbnMeanfield';
import { sbnMixtureAlgorithm } from './algorithms/sbnMixture';

/** Every training algorithm the engine offers, in the order the UI lists them. Add one import and one entry per algorithm. */
export const ALGORITHMS: TrainingAlgorithm[] = [
  hebbAlgorithm,
  boltzmannExactAlgorithm,
  boltzmannAlgorithm,
  meanfieldBoltzmannAlgorithm,
  cdAlgorithm,
  pcdAlgorithm,
  dbnGreedyAlgorithm,
  sbnGibbsAlgorithm,
  sbnMeanfieldAlgorithm,
  sbnAttractorAlgorithm,
  sbnMixtureAlgorithm,
];
