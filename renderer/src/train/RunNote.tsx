import { useEffect, useState } from 'react';
import { useStudio } from '../app/StudioContext';
import { useRunCommands } from './useRunCommands';

/** The editable note of a run: saved on blur or Ctrl/⌘+Enter (run:setNote), which marks the project unsaved. */
export function RunNote({ runId }: { runId: string }) {
  const stored = useStudio((s) => s.runs.summaries[runId]?.note ?? '');
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const commands = useRunCommands();
  const [text, setText] = useState(stored);
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  useEffect(() => setText(stored), [stored]);

  const save = async () => {
    if (text === stored) return;
    setState('saving');
    setState((await commands.setNote(runId, text)) ? 'saved' : 'idle');
  };
  return (
    <div className="run-note">
      <textarea
        aria-label="Note on this run"
        data-testid="run-note"
        rows={text === '' ? 1 : text.includes('\n') || text.length > 40 ? 3 : 2}
        placeholder={readOnly ? '' : 'Add a note…'}
        readOnly={readOnly}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setState('idle');
        }}
        onBlur={() => void save()}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void save();
          }
        }}
      />
      {state !== 'idle' && (
        <span className="hint ok" data-testid="run-note-state">
          {state === 'saving' ? 'saving…' : 'saved'}
        </span>
      )}
    </div>
  );
}
