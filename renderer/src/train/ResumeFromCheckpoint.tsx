import { useEffect, useRef, useState } from 'react';
import type { CheckpointInfo, RunSummary } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';
import { useRunCommands } from './useRunCommands';
import { OPEN_RESUME_EVENT } from './StartFrom';

const noIds: string[] = [];

/**
 * A run as the run select lists it: its number (start order, as the run list and the Charts view number runs) and
 * algorithm first, so they show even where the text is cut, then status, progress and the end of its id.
 */
function runLabel(r: RunSummary | undefined, id: string, number: number): string {
  return r ? `#${number} ${r.algorithm} · ${r.status} · epoch ${r.lastStep.toLocaleString('en-US')}/${r.totalSteps.toLocaleString('en-US')} · ${id.slice(-6)}` : `#${number} ${id.slice(-6)}`;
}

/**
 * Continues a training run from one of its checkpoints as a new run (run:resumeFrom): pick the run and the step,
 * optionally a new total of epochs and a changed learning rate (e.g. lower after divergence).
 */
export function ResumeFromCheckpoint({ defaultRunId }: { defaultRunId: string | undefined }) {
  const { controller } = useServices();
  const commands = useRunCommands();
  const readOnly = useStudio((s) => s.project?.readOnly ?? false);
  const trainRuns = useStudio((s) => {
    const ids = s.runs.order.filter((id) => s.runs.summaries[id].kind === 'train');
    return ids.length ? ids.join(',') : '';
  });
  const ids = trainRuns ? trainRuns.split(',') : noIds;
  const [chosen, setChosen] = useState<string | undefined>();
  const runId = chosen && ids.includes(chosen) ? chosen : defaultRunId && ids.includes(defaultRunId) ? defaultRunId : ids[ids.length - 1];
  // Primitives only: the summary objects are replaced on every progress event.
  const status = useStudio((s) => (runId ? s.runs.summaries[runId]?.status : undefined));
  const totalSteps = useStudio((s) => (runId ? s.runs.summaries[runId]?.totalSteps : undefined));
  const parentRate = useStudio((s) => {
    const rate = runId ? s.runs.summaries[runId]?.config.learningRate : undefined;
    return typeof rate === 'number' ? rate : undefined;
  });
  const labels = useStudio((s) => ids.map((id) => runLabel(s.runs.summaries[id], id, s.runs.order.indexOf(id) + 1)).join('\n'));
  const [open, setOpen] = useState(false);
  const [checkpoints, setCheckpoints] = useState<{ runId: string; list: CheckpointInfo[] }>({ runId: '', list: [] });
  const [step, setStep] = useState('');
  const [epochs, setEpochs] = useState('');
  const [learningRate, setLearningRate] = useState('');
  const details = useRef<HTMLDetailsElement>(null);
  // The Train form's "Starts from: a checkpoint of a run…" opens this block.
  useEffect(() => {
    const open = () => {
      if (!details.current) return;
      details.current.open = true;
      details.current.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' });
    };
    window.addEventListener(OPEN_RESUME_EVENT, open);
    return () => window.removeEventListener(OPEN_RESUME_EVENT, open);
  }, []);

  // Read while open, again when the run's status changes (it stores checkpoints as it trains and at its end).
  useEffect(() => {
    if (!runId || !open) return;
    let current = true;
    void commands.checkpoints(runId).then((list) => {
      if (current) setCheckpoints({ runId, list });
    });
    return () => {
      current = false;
    };
  }, [commands, runId, status, open]);

  if (ids.length === 0 || !runId || status === undefined || totalSteps === undefined) return null;
  const list = checkpoints.runId === runId ? checkpoints.list : [];
  const chosenStep = step !== '' && list.some((c) => String(c.step) === step) ? Number(step) : list[list.length - 1]?.step;
  const totalEpochs = epochs.trim() === '' ? totalSteps : Number(epochs);
  const rate = learningRate.trim() === '' ? undefined : Number(learningRate);
  const reason =
    readOnly ? 'The project is open read-only.'
    : chosenStep === undefined ? 'This run has no checkpoint yet.'
    : !Number.isInteger(totalEpochs) || totalEpochs <= chosenStep ? `Total epochs must be a whole number above the checkpoint's step ${chosenStep}.`
    : rate !== undefined && !(Number.isFinite(rate) && rate >= 0) ? 'The learning rate must be a number ≥ 0.'
    : undefined;

  const labelOf = labels.split('\n');
  return (
    <details ref={details} className="resume-from" data-testid="resume-from" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Continue from a checkpoint</summary>
      <div className="field-grid">
        <div className="field resume-run-field">
          <label htmlFor="resume-run">Run</label>
          <select id="resume-run" data-testid="resume-run-select" value={runId} title={labelOf[ids.indexOf(runId)]} onChange={(e) => setChosen(e.target.value)}>
            {ids.map((id, i) => ({ id, label: labelOf[i] })).reverse().map(({ id, label }) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="resume-step">Checkpoint (epoch)</label>
          <select id="resume-step" data-testid="resume-step-select" value={chosenStep ?? ''} onChange={(e) => setStep(e.target.value)} disabled={list.length === 0}>
            {list.length === 0 && <option value="">(none)</option>}
            {list.map((c) => (
              <option key={c.step} value={c.step}>
                {c.step.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </div>
        <div className="field" title="Total epochs of the new run, counting the checkpoint's; default the parent's total">
          <label htmlFor="resume-epochs">Total epochs</label>
          <input id="resume-epochs" data-testid="resume-epochs" inputMode="numeric" placeholder={String(totalSteps)} value={epochs} onChange={(e) => setEpochs(e.target.value)} />
        </div>
        {parentRate !== undefined && (
          <div className="field" title={`Learning rate of the new run; default the parent's ${parentRate}`}>
            <label htmlFor="resume-rate">Learning rate η</label>
            <input id="resume-rate" data-testid="resume-learning-rate" inputMode="decimal" placeholder={String(parentRate)} value={learningRate} onChange={(e) => setLearningRate(e.target.value)} />
          </div>
        )}
      </div>
      <button
        type="button"
        data-testid="resume-from-button"
        disabled={reason !== undefined}
        title={reason}
        onClick={() =>
          void controller.resumeFrom({
            runId,
            step: chosenStep as number,
            ...(epochs.trim() !== '' ? { epochs: totalEpochs } : {}),
            ...(rate !== undefined ? { config: { learningRate: rate } } : {}),
          })
        }
      >
        Continue as a new run
      </button>
      {reason && <p className="hint bad">{reason}</p>}
    </details>
  );
}
