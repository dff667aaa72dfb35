import type { LikelihoodSummary } from '../likelihood/estimate';
import type { CompiledModel } from '../compiler/types';
import type { BinaryDataset } from '../data/dataset';
import type { ModelParameters } from '../model/parameters';

/** One tunable number of an algorithm, with its default and range (form controls are generated from this). */
export interface HyperparameterInfo {
  key: string;
  label: string;
  default: number;
  min?: number;
  max?: number;
  /** Whether only integers are valid. */
  integer?: boolean;
}

/** One setting chosen from a fixed list, e.g. the learning mode. */
export interface ChoiceInfo {
  key: string;
  label: string;
  options: string[];
  default: string;
}

/** A training algorithm as offered to the user (plain data: crosses the API). */
export interface AlgorithmInfo {
  /** Name passed as TrainingRequest.algorithm. */
  name: string;
  label: string;
  description: string;
  /** Epochs the UI proposes. */
  defaultEpochs: number;
  /** Metric series the run reports each epoch (keys of the session's step() result). */
  metrics: string[];
  hyperparameters: HyperparameterInfo[];
  choices?: ChoiceInfo[];
}

/** Validated settings of one run: every hyperparameter and choice present (defaults filled in). */
export interface TrainingArgs {
  seed: number;
  epochs: number;
  hyper: Record<string, number>;
  choices: Record<string, string>;
  /** Awaited inside long work of a step (the AIS monitor), at least every ~0.2 s: lets pause and cancel in; throws when cancelled. */
  interrupt?: () => Promise<void>;
}

/** A likelihood estimate a session made during a step (e.g. the AIS monitor), stored as an `evaluation` output of the run at that step. */
export interface SessionEstimate {
  name: string;
  likelihood: LikelihoodSummary;
  /** effectiveShareArray() of the estimate: β and the forward/reverse effective shares, for the diagnostics plot. */
  trace?: { shape: [number, number]; values: Float32Array };
}

/** A training run in progress; owns its tensors until dispose(). */
export interface TrainingSession {
  /** One epoch (one pass over the data); resolves to this epoch's metrics (all must be finite). */
  step(): Promise<Record<string, number>>;
  /** Current parameters as plain data (a copy). */
  parameters(): ModelParameters;
  /** The estimates made by the last step, handed over once (the AIS monitor's full records behind its metrics). */
  takeEstimates?(): SessionEstimate[];
  dispose(): void;
}

/** An algorithm the engine can run: its description, which models it accepts, and how to start it. */
export interface TrainingAlgorithm {
  info: AlgorithmInfo;
  /** The description specialised to `model` (e.g. defaults for its unit encoding); default: `info`. */
  infoFor?(model: CompiledModel): AlgorithmInfo;
  /** Undefined when it can train `model`, else a sentence saying why not (family, size). */
  refuses(model: CompiledModel): string | undefined;
  start(model: CompiledModel, data: BinaryDataset, args: TrainingArgs, initial?: ModelParameters): Promise<TrainingSession>;
}
