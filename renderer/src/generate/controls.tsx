import { useEffect, useState } from 'react';

interface NumberFieldProps {
  id: string;
  label: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  title?: string;
}

/** A labelled number input that reports only valid values (within [min, max], whole when `integer`); invalid text is marked. */
export function NumberField({ id, label, value, onChange, min, max, step, integer, title }: NumberFieldProps) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText((t) => (Number(t) === value ? t : String(value))), [value]);
  const parsed = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(parsed) && (!integer || Number.isInteger(parsed)) && (min === undefined || parsed >= min) && (max === undefined || parsed <= max);
  return (
    <div className="field gen-field" title={title}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={id}
        type="number"
        value={text}
        min={min}
        max={max}
        step={step ?? (integer ? 1 : 'any')}
        aria-invalid={!valid}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          if (e.target.value.trim() !== '' && Number.isFinite(v) && (!integer || Number.isInteger(v)) && (min === undefined || v >= min) && (max === undefined || v <= max)) onChange(v);
        }}
      />
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  id: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
  disabled?: boolean;
  title?: string;
}

/** A labelled select over fixed options. */
export function SelectField<T extends string>({ id, label, value, options, onChange, disabled, title }: SelectFieldProps<T>) {
  return (
    <div className="field gen-field" title={title}>
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={id} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Whole seconds since `since` (ms), ticking while `running`. */
export function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, (now - since) / 1000);
}
