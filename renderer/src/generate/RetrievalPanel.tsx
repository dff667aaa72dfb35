import { useCallback, useRef, useState } from 'react';
import type { TrajectoryResult } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { ExportMenu } from '../export/ExportMenu';
import { NumberField, SelectField, useElapsed } from './controls';
import { PlayerControls } from './PlayerControls';
import { RetrievalFigure } from './RetrievalFigure';
import { valueOrThrow } from './sampleJob';
import { useFramePlayer } from './useFramePlayer';
import type { GenerateModel } from './useGenerateModel';
import { bitsToVector, corruptPattern } from './visibleGrid';

/** Most stored patterns whose overlaps are traced (the plot stays readable). */
export const MAX_TRACED_PATTERNS = 20;

interface Settings {
  row: number;
  q: number;
  corruptionSeed: number;
  update: 'async' | 'sync';
  temperature: number;
  steps: number;
  seed: number;
}

interface Outcome {
  trajectory: TrajectoryResult;
  stored: string;
  start: string;
  target: number;
  patternRows: number[];
  settings: Settings;
}

/** The traced patterns: the dataset's first rows, with the stored pattern among them; returns their rows (1-based) and the target's position. */
export function tracedPatterns(rowCount: number, row: number, limit = MAX_TRACED_PATTERNS): { rows: number[]; target: number } {
  const first = Array.from({ length: Math.min(rowCount, limit) }, (_, k) => k + 1);
  if (first.includes(row)) return { rows: first, target: row - 1 };
  return { rows: [row, ...first.slice(0, limit - 1)], target: 0 };
}

/** Hopfield retrieval: a stored pattern corrupted by flipping a fraction q of its pixels, relaxed by Hopfield dynamics, overlaps traced. */
export function RetrievalPanel({ ctx }: { ctx: GenerateModel }) {
  const { api } = useServices();
  const [settings, setSettings] = useState<Settings>({ row: 1, q: 0.2, corruptionSeed: 1, update: 'async', temperature: 0, steps: 20, seed: 1 });
  const [running, setRunning] = useState<number | undefined>();
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [error, setError] = useState<string | undefined>();
  const figure = useRef<SVGSVGElement>(null);
  const elapsed = useElapsed(running);
  const player = useFramePlayer(outcome?.trajectory.frames.length ?? 0, outcome);
  const rows = ctx.rows.rows;
  const set = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
  const stochastic = settings.temperature > 0;
  // An answer that comes back after the diagram, its stored patterns or the settings changed is dropped (like DynamicsView's).
  const requestKey = `${ctx.diagramId}:${ctx.model.unitCount}:${rows.length}:${rows[settings.row - 1] ?? ''}:${JSON.stringify(settings)}`;
  const currentKey = useRef(requestKey);
  currentKey.current = requestKey;

  const retrieve = async () => {
    const stored = rows[settings.row - 1];
    if (!stored) return;
    const key = requestKey;
    setRunning(Date.now());
    setError(undefined);
    try {
      const start = corruptPattern(stored, settings.q, settings.corruptionSeed);
      const traced = tracedPatterns(rows.length, settings.row);
      const trajectory = valueOrThrow(
        await api.call('probe:trajectory', {
          diagramId: ctx.diagramId,
          method: 'hopfield',
          steps: settings.steps,
          seed: settings.seed,
          temperature: settings.temperature,
          hopfieldUpdate: stochastic ? 'async' : settings.update,
          start: bitsToVector(start),
          patterns: traced.rows.map((r) => bitsToVector(rows[r - 1])),
        }),
        'Could not run the Hopfield dynamics',
      );
      if (currentKey.current !== key) return;
      setOutcome({ trajectory, stored, start, target: traced.target, patternRows: traced.rows, settings });
    } catch (caught) {
      if (currentKey.current === key) setError((caught as Error).message);
    } finally {
      setRunning(undefined);
    }
  };

  const csv = useCallback(
    () => (outcome ? ['step,' + outcome.patternRows.map((r) => `m_row${r}`).join(','), ...outcome.trajectory.frames.map((f) => [f.step, ...(f.overlaps ?? [])].join(','))].join('\n') : ''),
    [outcome],
  );
  const finalOverlaps = outcome?.trajectory.frames[outcome.trajectory.frames.length - 1]?.overlaps;
  const best = finalOverlaps ? finalOverlaps.reduce((b, m, k) => (m > finalOverlaps[b] ? k : b), 0) : -1;

  if (ctx.model.type !== 'energy') return <p className="hint">Hopfield retrieval needs an energy model (a Hopfield network or a Boltzmann machine); this diagram is a sigmoid belief network.</p>;
  if (rows.length === 0) return <p className="hint">Retrieval starts from a stored pattern: add a dataset as wide as the visible layer ({ctx.model.visibleIndices.length} units).</p>;
  return (
    <div className="gen-panel" data-testid="generate-retrieval">
      <div className="gen-controls">
        <NumberField id="retrieval-row" label="Stored pattern (row)" value={settings.row} min={1} max={rows.length} integer onChange={(row) => set({ row })} />
        <NumberField id="retrieval-q" label="Corruption q" value={settings.q} min={0} max={1} step={0.05} title="Fraction of pixels flipped" onChange={(q) => set({ q })} />
        <NumberField id="retrieval-corruption-seed" label="Corruption seed" value={settings.corruptionSeed} min={0} max={2 ** 31 - 1} integer onChange={(corruptionSeed) => set({ corruptionSeed })} />
        <SelectField
          id="retrieval-update"
          label="Update"
          value={stochastic ? 'async' : settings.update}
          options={[{ value: 'async', label: 'Asynchronous' }, { value: 'sync', label: 'Synchronous' }]}
          onChange={(update) => set({ update })}
          disabled={stochastic}
          title={stochastic ? 'Stochastic dynamics (T > 0) update one unit at a time' : undefined}
        />
        <NumberField id="retrieval-temperature" label="Temperature T" title="0: deterministic dynamics" value={settings.temperature} min={0} max={1000} onChange={(temperature) => set({ temperature })} />
        <NumberField id="retrieval-steps" label="Sweeps" value={settings.steps} min={1} max={100_000} integer onChange={(steps) => set({ steps })} />
        <NumberField id="retrieval-seed" label="Seed" value={settings.seed} min={0} max={2 ** 31 - 1} integer onChange={(seed) => set({ seed })} />
        <button type="button" className="primary gen-go" data-testid="retrieval-run" disabled={running !== undefined || ctx.unsynced} onClick={() => void retrieve()}>
          Retrieve
        </button>
      </div>
      {running !== undefined && (
        <div className="gen-progress" role="status">
          <div className="gen-progress-bar" />
          <span>Running the Hopfield dynamics… {elapsed.toFixed(0)} s</span>
        </div>
      )}
      {error && (
        <p className="hint bad" role="alert">
          {error}
        </p>
      )}
      {outcome && finalOverlaps && (
        <>
          <div className="gen-result-head">
            <span data-testid="retrieval-summary">
              q = {outcome.settings.q}: final overlap with the stored pattern m = {finalOverlaps[outcome.target].toFixed(3)}
              {best === outcome.target && finalOverlaps[best] > 0.999 ? ' — retrieved' : best !== outcome.target ? ` — closest to row ${outcome.patternRows[best]} (m = ${finalOverlaps[best].toFixed(3)})` : ''}
            </span>
            <ExportMenu fileStem="hopfield-retrieval" getSvg={() => figure.current} csv={csv} />
          </div>
          <PlayerControls player={player} steps={outcome.trajectory.frames.map((f) => f.step)} testId="retrieval-player" />
          <RetrievalFigure
            ref={figure}
            trajectory={outcome.trajectory}
            visibleIndices={ctx.model.visibleIndices}
            shape={ctx.shape}
            stored={outcome.stored}
            start={outcome.start}
            target={outcome.target}
            patternRows={outcome.patternRows}
            index={player.index}
          />
        </>
      )}
    </div>
  );
}
