import { readTrainingSettings } from '../../../engine/train/train';
import type { MethodInfo } from '../../api/contract';

/** Every hyperparameter and choice of a method from `config` (defaults filled in), checked by the engine's rules for training settings. */
export function methodSettings(info: MethodInfo, config: Record<string, number | string | boolean>): { hyper: Record<string, number>; choices: Record<string, string> } {
  return readTrainingSettings({ ...info, defaultEpochs: 1, metrics: [] }, config);
}
