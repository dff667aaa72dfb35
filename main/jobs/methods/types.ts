import type { CompiledModel } from '../../../engine/compiler/types';
import type { BinaryDataset } from '../../../engine/data/dataset';
import type { ModelParameters } from '../../../engine/model/parameters';
import type { MethodInfo } from '../../api/contract';
import type { OutputArray } from '../../../projects/types';
import type { OutputDraft } from '../messages';

/** An output as a method makes it: arrays unpacked (bits as 0/1 bytes). */
export type MethodOutput = Omit<OutputDraft, 'array'> & { array?: OutputArray };

/** What a method works on: a compiled model with complete parameters, the data if it reads any, its seed and settings. */
export interface MethodInput {
  model: CompiledModel;
  parameters: ModelParameters;
  /** Present exactly when info.needsData. */
  dataset?: BinaryDataset;
  seed: number;
  /** Every hyperparameter of info, defaults filled in. */
  hyper: Record<string, number>;
  /** Every choice of info, defaults filled in. */
  choices: Record<string, string>;
  /** The text settings of info that were given (schedule, clamp, …), unparsed. */
  texts: Record<string, string>;
  /** Step of the checkpoint the parameters came from (recorded on outputs). */
  parameterStep?: number;
}

/** How a method reports while it works; it must call between() between chunks of work. */
export interface MethodContext {
  readonly signal: AbortSignal;
  /** Lets cancel/pause in and holds while paused; throws nothing — check signal.aborted after it. */
  between(): Promise<void>;
  /** Progress of `totalSteps` chunks, with running figures (stored as the run's metric series). */
  progress(step: number, totalSteps: number, metrics: Record<string, number>): void;
  /** Stores an output in the project (with the run's id). */
  output(output: MethodOutput): void;
}

/** An inference, sampling or evaluation method: its description, which models it accepts, and how to run it. */
export interface JobMethod {
  info: MethodInfo;
  /** The description specialised to `model` (the options and defaults of its family); default: `info`. */
  infoFor?(model: CompiledModel): MethodInfo;
  /** Undefined when it applies to `model`, else a sentence saying why not. */
  refuses(model: CompiledModel): string | undefined;
  /** Reads the text settings against `model` before the job is queued; throws an Error naming the problem. */
  check?(model: CompiledModel, settings: Pick<MethodInput, 'hyper' | 'choices' | 'texts'>): void;
  run(input: MethodInput, context: MethodContext): Promise<void>;
}
