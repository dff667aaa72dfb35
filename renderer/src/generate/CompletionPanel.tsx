import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TrajectoryMethod, TrajectoryResult } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { ExportMenu } from '../export/ExportMenu';
import { pixelSize } from './BitImage';
import { CompletionFigure } from './CompletionFigure';
import { NumberField, SelectField, useElapsed } from './controls';
import { PixelEditor, type EditMode } from './PixelEditor';
import { PlayerControls } from './PlayerControls';
import { valueOrThrow } from './sampleJob';
import { useFramePlayer } from './useFramePlayer';
import type { GenerateModel } from './useGenerateModel';
import { clampOf, completionOfChains, keepFirstRow, matchRows, type CompletionReading, type Mask } from './visibleGrid';

const METHOD_LABELS: Record<Exclude<TrajectoryMethod, 'hopfield'>, string> = {
  gibbs: 'Gibbs sampling',
  meanfield: 'Mean field',
  attractor: 'Attractor dynamics (Saul & Jordan)',
};

/** How each method's completion is read, in words shown beside it. */
const READINGS: Record<Exclude<TrajectoryMethod, 'hopfield'>, { reading: CompletionReading; text: string }> = {
  gibbs: { reading: 'average-last', text: 'Completion: each unknown pixel’s mean over the last quarter of the recorded Gibbs states of every chain (an estimate of P(on)), thresholded at ½.' },
  meanfield: { reading: 'threshold-final', text: 'Completion: the final mean-field values m_i thresholded at ½.' },
  attractor: { reading: 'threshold-final', text: 'Completion: the final attractor means μ_i thresholded at ½.' },
};

const DEFAULT_STEPS: Record<Exclude<TrajectoryMethod, 'hopfield'>, number> = { gibbs: 200, meanfield: 50, attractor: 50 };

/** Default number of independent Gibbs chains: one chain can stay in one mode for its whole length. */
export const DEFAULT_CHAINS = 8;

interface Settings {
  method: Exclude<TrajectoryMethod, 'hopfield'>;
  steps: number;
  seed: number;
  temperature: number;
  chains: number;
}

interface Outcome {
  /** One trajectory per chain (seeds seed, seed + 1, …); deterministic methods run one. The first is animated. */
  chains: TrajectoryResult[];
  trajectory: TrajectoryResult;
  seed: number;
  given: string;
  mask: Mask;
  method: Settings['method'];
}

/** Interactive pattern completion: draw or load a pattern, mark unknown pixels, infer them and watch the dynamics converge. */
export function CompletionPanel({ ctx }: { ctx: GenerateModel }) {
  const { api } = useServices();
  const { shape, model } = ctx;
  const size = shape.rows * shape.cols;
  const methods = model.type === 'energy' ? (['gibbs', 'meanfield'] as const) : (['gibbs', 'meanfield', 'attractor'] as const);
  const [bits, setBits] = useState(() => '0'.repeat(size));
  const [mask, setMask] = useState<Mask>(() => new Array<boolean>(size).fill(false));
  const [mode, setMode] = useState<EditMode>('draw');
  const [rowNumber, setRowNumber] = useState(1);
  const [settings, setSettings] = useState<Settings>({ method: 'meanfield', steps: DEFAULT_STEPS.meanfield, seed: 1, temperature: 1, chains: DEFAULT_CHAINS });
  const [running, setRunning] = useState<number | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [error, setError] = useState<string | undefined>();
  const figure = useRef<SVGSVGElement>(null);
  const elapsed = useElapsed(running);
  // An answer that comes back after the layer size, diagram or settings changed is dropped (like DynamicsView's).
  const requestKey = `${ctx.diagramId}:${size}:${JSON.stringify(settings)}`;
  const currentKey = useRef(requestKey);
  currentKey.current = requestKey;

  useEffect(() => {
    setBits('0'.repeat(size));
    setMask(new Array<boolean>(size).fill(false));
    setOutcome(undefined);
  }, [size, ctx.diagramId]);

  const player = useFramePlayer(outcome?.trajectory.frames.length ?? 0, outcome);
  const reading = outcome ? READINGS[outcome.method] : undefined;
  const completion = useMemo(
    () => (outcome && reading ? completionOfChains(outcome.chains.map((c) => c.frames), model.visibleIndices, reading.reading) : undefined),
    [outcome, reading, model.visibleIndices],
  );
  const matchedRow = completion ? matchRows([completion.bits], ctx.rows.rows)[0] : -1;
  const unknown = mask.filter(Boolean).length;

  const complete = async () => {
    const key = requestKey;
    setRunning(Date.now());
    setError(undefined);
    try {
      const clamp = clampOf(bits, mask);
      const count = settings.method === 'gibbs' ? settings.chains : 1;
      const chains: TrajectoryResult[] = [];
      for (let c = 0; c < count; c++) {
        const request = {
          diagramId: ctx.diagramId,
          method: settings.method,
          steps: settings.steps,
          seed: settings.seed + c,
          clamp,
          ...(settings.method === 'gibbs' ? { temperature: settings.temperature } : {}),
        };
        chains.push(valueOrThrow(await api.call('probe:trajectory', request), 'Could not complete the pattern'));
        if (currentKey.current !== key) return;
      }
      setOutcome({ chains, trajectory: chains[0], seed: settings.seed, given: bits, mask, method: settings.method });
    } catch (caught) {
      if (currentKey.current === key) setError((caught as Error).message);
    } finally {
      setRunning(undefined);
    }
  };

  const loadRow = () => {
    const row = ctx.rows.rows[rowNumber - 1];
    if (row && row.length === size) setBits(row);
  };
  const csv = useCallback(
    () => (outcome ? ['step,trace,' + model.visibleIndices.map((_, i) => `v${i + 1}`).join(','), ...outcome.trajectory.frames.map((f) => [f.step, f.trace, ...model.visibleIndices.map((u) => f.values[u])].join(','))].join('\n') : ''),
    [outcome, model.visibleIndices],
  );

  return (
    <div className="gen-panel gen-completion" data-testid="generate-completion">
      <div className="gen-editor-block">
        <div className="gen-modes" role="radiogroup" aria-label="Edit mode">
          <button type="button" role="radio" aria-checked={mode === 'draw'} data-testid="completion-mode-draw" onClick={() => setMode('draw')}>
            Draw
          </button>
          <button type="button" role="radio" aria-checked={mode === 'mask'} data-testid="completion-mode-mask" onClick={() => setMode('mask')}>
            Mark unknown
          </button>
        </div>
        <PixelEditor bits={bits} mask={mask} shape={shape} pixel={shape.rows === 1 ? Math.max(6, Math.floor(360 / shape.cols)) : pixelSize(shape, 132)} mode={mode} onBits={setBits} onMask={setMask} />
        <p className="hint">
          {unknown} of {size} pixels unknown · {mode === 'draw' ? 'click or drag to toggle pixels' : 'click or drag to mark pixels unknown'}
        </p>
        <div className="gen-buttons">
          <button type="button" data-testid="completion-keep-first-row" disabled={shape.rows < 2} title="Everything but the first image row unknown" onClick={() => setMask(keepFirstRow(shape))}>
            Keep first row
          </button>
          <button type="button" data-testid="completion-invert-mask" onClick={() => setMask((m) => m.map((u) => !u))}>
            Invert mask
          </button>
          <button type="button" data-testid="completion-clear-mask" onClick={() => setMask(new Array<boolean>(size).fill(false))}>
            Clear mask
          </button>
          <button type="button" onClick={() => setBits('0'.repeat(size))}>
            Clear pattern
          </button>
        </div>
        <div className="gen-buttons">
          <NumberField id="completion-row" label={`Row of ${ctx.dataset?.name ?? 'the dataset'}`} value={rowNumber} min={1} max={Math.max(1, ctx.rows.rows.length)} integer onChange={setRowNumber} />
          <button type="button" data-testid="completion-load-row" disabled={ctx.rows.rows.length === 0} onClick={loadRow}>
            Load row
          </button>
        </div>
      </div>
      <div className="gen-run-block">
        <div className="gen-controls">
          <SelectField
            id="completion-method"
            label="Inference"
            value={settings.method}
            options={methods.map((m) => ({ value: m, label: METHOD_LABELS[m] }))}
            onChange={(method) => setSettings((s) => ({ ...s, method, steps: DEFAULT_STEPS[method] }))}
          />
          <NumberField id="completion-steps" label={settings.method === 'gibbs' ? 'Sweeps' : 'Iterations'} value={settings.steps} min={1} max={100_000} integer onChange={(steps) => setSettings((s) => ({ ...s, steps }))} />
          {settings.method === 'gibbs' && model.type === 'energy' && (
            <NumberField id="completion-temperature" label="Temperature T" value={settings.temperature} min={0} max={1000} onChange={(temperature) => setSettings((s) => ({ ...s, temperature }))} />
          )}
          {settings.method === 'gibbs' && (
            <NumberField id="completion-chains" label="Chains" title="Independent chains, seeds seed, seed + 1, …; their P(on) estimates are averaged" value={settings.chains} min={1} max={64} integer onChange={(chains) => setSettings((s) => ({ ...s, chains }))} />
          )}
          <NumberField id="completion-seed" label="Seed" value={settings.seed} min={0} max={2 ** 31 - 1} integer onChange={(seed) => setSettings((s) => ({ ...s, seed }))} />
          <button type="button" className="primary gen-go" data-testid="completion-run" disabled={running !== undefined || unknown === 0 || ctx.unsynced} title={unknown === 0 ? 'Mark some pixels unknown first' : undefined} onClick={() => void complete()}>
            Complete
          </button>
        </div>
        {running !== undefined && (
          <div className="gen-progress" role="status">
            <div className="gen-progress-bar" />
            <span>Running {METHOD_LABELS[settings.method].toLowerCase()}… {elapsed.toFixed(0)} s</span>
          </div>
        )}
        {error && (
          <p className="hint bad" role="alert">
            {error}
          </p>
        )}
        {outcome && completion && reading && (
          <>
            <div className="gen-result-head">
              <span data-testid="completion-reading">{reading.text}</span>
              <ExportMenu fileStem="completion" getSvg={() => figure.current} csv={csv} />
            </div>
            <PlayerControls player={player} steps={outcome.trajectory.frames.map((f) => f.step)} testId="completion-player" />
            <CompletionFigure
              ref={figure}
              trajectory={outcome.trajectory}
              visibleIndices={model.visibleIndices}
              shape={shape}
              given={outcome.given}
              mask={outcome.mask}
              reading={reading.reading}
              completion={completion.bits}
              index={player.index}
              matchedRow={matchedRow}
            />
            <p className="hint">
              {METHOD_LABELS[outcome.method]}
              {outcome.chains.length > 1 ? `, ${outcome.chains.length} chains (seeds ${outcome.seed}–${outcome.seed + outcome.chains.length - 1}; chain 1 animated)` : ''}, {outcome.trajectory.frames.length} frames per run in{' '}
              {outcome.chains.reduce((sum, c) => sum + c.seconds, 0).toFixed(2)} s ·{' '}
              {matchedRow >= 0 ? `the completion is row ${matchedRow + 1} of ${ctx.dataset?.name}` : ctx.dataset ? `the completion is not a row of ${ctx.dataset.name}` : ''}
            </p>
          </>
        )}
      </div>
    </div>
  );
}
