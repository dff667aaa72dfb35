/** Restricted Boltzmann machines (Mehlig ch. 4): the plain-data API for the job runner and the CLI. */
export { aisSchedule, estimateRbmLikelihood, estimateRbmLogPartition, visibleBaseRates, type RbmAisArgs } from './ais';
export { contrastiveDivergence, contrastiveDivergenceStep, startContrastiveDivergence, CD_DEFAULTS, type CdArgs, type CdResult, type CdSession, type CdState } from './cd';
export { completePatterns, COMPLETION_DEFAULTS, type CompletionArgs, type CompletionResult } from './completion';
export { canEnumerateRbm, rbmExactDataFit, rbmLogPartition, rbmNegativeFreeEnergies, MAX_ENUMERATED_LAYER } from './exact';
export { createCdReplica, createCdShard, hiddenSlice, type CdReplica, type CdShard } from './parallel';
export { rbmParameters, rbmStructureProblem, rbmView, type RbmView } from './view';
