import { useEffect, useState, type InputHTMLAttributes } from 'react';

interface CommitInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  /** Called once per committed edit (blur or Enter) with the new text; returns false to reject and revert it. */
  onCommit(text: string): boolean | void;
}

/** A text field that commits on blur or Enter (one undo entry per committed field) and reverts on Escape. */
export function CommitInput({ value, onCommit, ...rest }: CommitInputProps) {
  const [draft, setDraft] = useState(value);
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    setDraft(value);
    setInvalid(false);
  }, [value]);

  const commit = () => {
    if (draft === value) return;
    const accepted = onCommit(draft) !== false;
    setInvalid(!accepted);
  };

  return (
    <input
      {...rest}
      value={draft}
      aria-invalid={invalid || undefined}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') {
          setDraft(value);
          setInvalid(false);
        }
      }}
    />
  );
}
