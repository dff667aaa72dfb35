import { useEffect, useState } from 'react';
import type { RecoverableProject } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** "Mar 3, 2026, 2:05 PM": when the unsaved work was last written, in the user's locale. */
function formatModified(modifiedAt: number): string {
  return new Date(modifiedAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** Welcome-screen list of untitled projects an earlier session left unsaved (a crash or a quit), to recover or discard. */
export function RecoveryList() {
  const { controller } = useServices();
  const recoverable = useStudio((s) => s.recoverable);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => void controller.loadRecoverable(), [controller]);

  if (recoverable.length === 0) return null;
  const act = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  };

  return (
    <section className="welcome-recovery" aria-labelledby="recovery-heading" data-testid="recovery-list">
      <h2 className="panel-heading" id="recovery-heading">
        Unsaved work from an earlier session
      </h2>
      <p className="hint">Attractor Studio closed before these untitled projects were saved. Recover one to keep working on it.</p>
      <ul className="recovery-items">
        {recoverable.map((entry, index) => (
          <RecoveryItem
            key={entry.path}
            entry={entry}
            index={index}
            busy={busy}
            confirming={confirming === entry.path}
            onRecover={() => void act(() => controller.recover(entry.path))}
            onAskDiscard={() => setConfirming(entry.path)}
            onDiscard={() => void act(() => controller.discardRecoverable(entry.path))}
            onKeep={() => setConfirming(null)}
          />
        ))}
      </ul>
    </section>
  );
}

interface RecoveryItemProps {
  entry: RecoverableProject;
  index: number;
  busy: boolean;
  confirming: boolean;
  onRecover(): void;
  onAskDiscard(): void;
  onDiscard(): void;
  onKeep(): void;
}

function RecoveryItem({ entry, index, busy, confirming, onRecover, onAskDiscard, onDiscard, onKeep }: RecoveryItemProps) {
  return (
    <li className="recovery-item" data-testid={`recoverable-${index}`}>
      <div className="recovery-info">
        <strong>{entry.name}</strong>
        <span className="muted">
          {formatModified(entry.modifiedAt)} · {plural(entry.diagramCount, 'diagram')} · {plural(entry.runCount, 'run')}
        </span>
      </div>
      {confirming ? (
        <div className="recovery-actions" role="group" aria-label={`Discard ${entry.name}?`}>
          <span className="recovery-question">Discard for good?</span>
          <button type="button" className="danger" disabled={busy} onClick={onDiscard} data-testid={`discard-confirm-${index}`}>
            Discard
          </button>
          <button type="button" disabled={busy} onClick={onKeep} data-testid={`discard-cancel-${index}`}>
            Keep
          </button>
        </div>
      ) : (
        <div className="recovery-actions">
          <button type="button" className="primary" disabled={busy} onClick={onRecover} data-testid={`recover-${index}`}>
            Recover
          </button>
          <button type="button" disabled={busy} onClick={onAskDiscard} data-testid={`discard-${index}`}>
            Discard
          </button>
        </div>
      )}
    </li>
  );
}
