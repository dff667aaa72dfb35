import type { InitField } from '../../../engine/diagram/nodeKinds';
import { CommitInput } from './CommitInput';
import type { NodePatch } from './fieldEdits';
import { commitInitChoice, commitInitNumber, INIT_CHOICES, initState, type InitChoice } from './initEdits';

interface InitControlProps {
  /** The nodes or edges edited together. */
  items: { id: string }[];
  field: InitField;
  disabled: boolean;
  onCommit(patches: NodePatch[]): void;
}

/** How a parameter block starts: the algorithm's default, zero, a constant, or N(0, σ²); the number is refused in place when invalid. */
export function InitControl({ items, field, disabled, onCommit }: InitControlProps) {
  const id = `field-${field.key}`;
  const { choice, number, mixed } = initState(items, field.key);
  const numbered = choice === 'constant' || choice === 'normal' ? choice : undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <div className="init-row">
        <select
          id={id}
          data-testid={id}
          value={choice}
          disabled={disabled}
          onChange={(e) => {
            const result = commitInitChoice(items, field.key, e.target.value as InitChoice);
            if (result.ok) onCommit(result.patches);
          }}
        >
          {mixed && (
            <option value="" disabled>
              (mixed)
            </option>
          )}
          {INIT_CHOICES.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        {numbered && (
          <CommitInput
            aria-label={numbered === 'constant' ? `${field.label}: constant` : `${field.label}: σ`}
            className="init-number"
            inputMode="decimal"
            value={number}
            disabled={disabled}
            title={numbered === 'constant' ? 'Every entry starts at this value' : 'Standard deviation σ of the normal draws'}
            data-testid={`${id}-number`}
            onCommit={(text) => {
              const result = commitInitNumber(items, field.key, numbered, text);
              if (!result.ok) return result.message;
              onCommit(result.patches);
            }}
          />
        )}
      </div>
    </div>
  );
}
