import { useEffect, useId, useState, type InputHTMLAttributes } from 'react';

interface CommitInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  /** Called once per committed edit (blur or Enter) with the new text; returns a message to refuse the value in place. */
  onCommit(text: string): string | void;
}

/**
 * A text field that commits on blur or Enter (one undo entry per committed field) and reverts on Escape.
 * A refused value stays in the field, marked invalid, with the reason below it until it is corrected or reverted.
 */
export function CommitInput({ value, onCommit, ...rest }: CommitInputProps) {
  const [draft, setDraft] = useState(value);
  const [message, setMessage] = useState<string | undefined>();
  const messageId = useId();
  useEffect(() => {
    setDraft(value);
    setMessage(undefined);
  }, [value]);

  const commit = () => {
    if (draft === value) {
      setMessage(undefined);
      return;
    }
    setMessage(onCommit(draft) ?? undefined);
  };

  return (
    <>
      <input
        {...rest}
        value={draft}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? messageId : undefined}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') {
            setDraft(value);
            setMessage(undefined);
          }
        }}
      />
      {message && (
        <p className="field-error" id={messageId} role="alert" data-testid="field-error">
          {message}
        </p>
      )}
    </>
  );
}
