import type { AlgorithmInfo } from '../../../engine/train/algorithm';

interface HyperparameterFieldsProps {
  algorithm: AlgorithmInfo;
  config: Record<string, string>;
  onChange(key: string, value: string): void;
  /** Only these hyperparameter keys (and no choices); default every hyperparameter and choice. */
  only?: readonly string[];
  /** Leave these hyperparameter keys out. */
  exclude?: readonly string[];
}

/** "Learning rate η — default 0.2, from 0 to 100": what the field means, its default and range (shown as a title). */
export function hyperparameterTitle(h: AlgorithmInfo['hyperparameters'][number]): string {
  const range = h.min !== undefined && h.max !== undefined ? `, from ${h.min} to ${h.max}` : '';
  return `${h.label} — default ${h.default}${range}${h.integer ? ' (whole number)' : ''}`;
}

/** One input per hyperparameter and one select per choice of the algorithm, each titled with its meaning and default. */
export function HyperparameterFields({ algorithm, config, onChange, only, exclude }: HyperparameterFieldsProps) {
  const shown = algorithm.hyperparameters.filter((h) => (only ? only.includes(h.key) : true) && !exclude?.includes(h.key));
  return (
    <>
      {shown.map((h) => (
        <div className="field" key={h.key} title={hyperparameterTitle(h)}>
          <label htmlFor={`train-${h.key}`}>{h.label}</label>
          <input
            id={`train-${h.key}`}
            data-testid={`hyper-${h.key}`}
            inputMode="decimal"
            value={config[h.key] ?? ''}
            placeholder={String(h.default)}
            onChange={(e) => onChange(h.key, e.target.value)}
          />
        </div>
      ))}
      {!only && algorithm.choices?.map((c) => (
        <div className="field" key={c.key} title={`${c.label} — default ${c.default}`}>
          <label htmlFor={`train-${c.key}`}>{c.label}</label>
          <select id={`train-${c.key}`} data-testid={`choice-${c.key}`} value={config[c.key] ?? c.default} onChange={(e) => onChange(c.key, e.target.value)}>
            {c.options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </div>
      ))}
    </>
  );
}
