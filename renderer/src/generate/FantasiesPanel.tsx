import { useCallback, useEffect, useRef, useState } from 'react';
import type { MethodInfo } from '../../../main/api/contract';
import { useServices } from '../app/StudioContext';
import { ExportMenu } from '../export/ExportMenu';
import { NumberField, SelectField, useElapsed } from './controls';
import { FantasyGrid } from './FantasyGrid';
import { sampleVisible } from './sampleJob';
import type { GenerateModel } from './useGenerateModel';
import { matchRows } from './visibleGrid';

/** Most fantasies one request draws (the grid stays a few hundred SVG groups). */
export const MAX_FANTASIES = 400;

interface Settings {
  method: string;
  count: number;
  sweeps: number;
  temperature: number;
  /** Parallel tempering: replicas and the ladder's lowest β. */
  replicas: number;
  lowestBeta: number;
  seed: number;
}

interface Result {
  samples: string[];
  method: string;
  seed: number;
  /** The settings sent (only those the method reads). */
  config: Record<string, number>;
  seconds: number;
  /** Parallel tempering: swap acceptance per adjacent pair of temperatures, as the job stored it. */
  swapAcceptance?: string;
}

/** Sampling methods main offers for the diagram that need no text setting (annealing wants a schedule: see the Train panel's runs). */
function useSamplingMethods(diagramId: string, family: string): MethodInfo[] {
  const { api } = useServices();
  const [methods, setMethods] = useState<MethodInfo[]>([]);
  useEffect(() => {
    let live = true;
    void api.call('job:methods', { diagramId, kind: 'sample' }).then((result) => {
      if (live && result.ok) setMethods(result.value.filter((m) => !(m.texts ?? []).some((t) => t.required)));
    });
    return () => {
      live = false;
    };
  }, [api, diagramId, family]);
  return methods;
}

/** The sampler shown until the user picks one: a deep belief net's own fantasies where main offers them, else Gibbs (energy) or ancestral (belief). */
function preferredMethod(methods: MethodInfo[], family: string): MethodInfo | undefined {
  const names = ['dbn-fantasy', family === 'energy' ? 'gibbs' : 'ancestral'];
  return names.map((name) => methods.find((m) => m.name === name)).find((m) => m !== undefined) ?? methods[0];
}

/** Fantasies: a sampling job of the visible units drawn as an image grid, each checked against the dataset's rows. */
export function FantasiesPanel({ ctx }: { ctx: GenerateModel }) {
  const { api } = useServices();
  const family = ctx.model.type;
  const methods = useSamplingMethods(ctx.diagramId, family);
  const [settings, setSettings] = useState<Settings>({ method: '', count: 32, sweeps: 1000, temperature: 1, replicas: 8, lowestBeta: 0.1, seed: 1 });
  const [running, setRunning] = useState<{ since: number; runId?: string } | undefined>();
  const [result, setResult] = useState<Result | undefined>();
  const [error, setError] = useState<string | undefined>();
  const svg = useRef<SVGSVGElement>(null);
  const elapsed = useElapsed(running?.since);
  const method = methods.find((m) => m.name === settings.method) ?? preferredMethod(methods, family);
  const reads = (key: string) => method?.hyperparameters.some((h) => h.key === key) ?? false;
  const set = (patch: Partial<Settings>) => setSettings((s) => ({ ...s, ...patch }));
  // The job in flight: aborted, and its run cancelled, when the panel unmounts so it does not run on unseen.
  const job = useRef<{ abort: AbortController; runId?: string } | undefined>(undefined);
  useEffect(
    () => () => {
      const current = job.current;
      job.current = undefined;
      current?.abort.abort();
      if (current?.runId) void api.call('run:cancel', { runId: current.runId });
    },
    [api],
  );

  const sample = async () => {
    if (!method) return;
    const config: Record<string, number> = { count: settings.count };
    if (reads('sweeps')) config.sweeps = settings.sweeps;
    if (reads('temperature')) config.temperature = settings.temperature;
    if (reads('replicas')) config.replicas = settings.replicas;
    if (reads('lowestBeta')) config.lowestBeta = settings.lowestBeta;
    const since = Date.now();
    const current: { abort: AbortController; runId?: string } = { abort: new AbortController() };
    job.current = current;
    setRunning({ since });
    setError(undefined);
    const onStarted = (run: { id: string }) => {
      current.runId = run.id;
      if (current.abort.signal.aborted) void api.call('run:cancel', { runId: run.id });
      else setRunning({ since, runId: run.id });
    };
    try {
      const sampled = await sampleVisible(api, { diagramId: ctx.diagramId, method: method.name, seed: settings.seed, config }, onStarted, current.abort.signal);
      if (current.abort.signal.aborted) return;
      const swaps = sampled.summary.swapAcceptance;
      setResult({ samples: sampled.samples, method: method.label, seed: settings.seed, config, seconds: (Date.now() - since) / 1000, ...(typeof swaps === 'string' ? { swapAcceptance: swaps } : {}) });
    } catch (caught) {
      if (!current.abort.signal.aborted) setError((caught as Error).message);
    } finally {
      if (job.current === current) {
        job.current = undefined;
        setRunning(undefined);
      }
    }
  };

  const matches = result ? matchRows(result.samples, ctx.rows.rows) : [];
  const matched = matches.filter((m) => m >= 0).length;
  const distinct = result ? new Set(result.samples.filter((_, k) => matches[k] >= 0)).size : 0;
  const csv = useCallback(() => (result ? ['fantasy,bits,training_row', ...result.samples.map((b, k) => `${k + 1},${b},${matches[k] >= 0 ? matches[k] + 1 : ''}`)].join('\n') : ''), [result, matches]);

  return (
    <div className="gen-panel" data-testid="generate-fantasies">
      <div className="gen-controls">
        <SelectField id="fantasy-method" label="Sampler" value={method?.name ?? ''} options={methods.map((m) => ({ value: m.name, label: m.label }))} onChange={(v) => set({ method: v })} />
        <NumberField id="fantasy-count" label="Fantasies" value={settings.count} min={1} max={MAX_FANTASIES} integer onChange={(v) => set({ count: v })} />
        {reads('sweeps') && <NumberField id="fantasy-sweeps" label="Chain length (sweeps)" value={settings.sweeps} min={1} max={1_000_000} integer onChange={(v) => set({ sweeps: v })} />}
        {reads('temperature') && <NumberField id="fantasy-temperature" label="Temperature T" value={settings.temperature} min={0} max={1000} onChange={(v) => set({ temperature: v })} />}
        {reads('replicas') && <NumberField id="fantasy-replicas" label="Replicas" value={settings.replicas} min={2} max={64} integer onChange={(v) => set({ replicas: v })} />}
        {reads('lowestBeta') && <NumberField id="fantasy-lowest-beta" label="Lowest β" value={settings.lowestBeta} min={0.001} max={1} onChange={(v) => set({ lowestBeta: v })} />}
        <NumberField id="fantasy-seed" label="Seed" value={settings.seed} min={0} max={2 ** 31 - 1} integer onChange={(v) => set({ seed: v })} />
        <button type="button" className="primary gen-go" data-testid="fantasy-sample" disabled={!method || running !== undefined || ctx.unsynced} onClick={() => void sample()}>
          Sample
        </button>
        {running?.runId && (
          <button type="button" className="gen-go" onClick={() => void api.call('run:cancel', { runId: running.runId! })}>
            Stop
          </button>
        )}
      </div>
      {method && <p className="hint">{method.description}</p>}
      {running && (
        <div className="gen-progress" role="status" data-testid="fantasy-progress">
          <div className="gen-progress-bar" />
          <span>
            Sampling {settings.count} chain{settings.count === 1 ? '' : 's'}… {elapsed.toFixed(0)} s
          </span>
        </div>
      )}
      {error && (
        <p className="hint bad" role="alert">
          {error}
        </p>
      )}
      {result && (
        <>
          <div className="gen-result-head">
            <span data-testid="fantasy-matches">
              {matched} of {result.samples.length} fantasies are training patterns
              {ctx.dataset ? ` (rows of ${ctx.dataset.name}${ctx.rows.complete ? '' : `, first ${ctx.rows.rows.length} rows only`}; ${distinct} distinct)` : ' (choose a dataset to compare with)'}
            </span>
            <span className="hint">
              {result.method}
              {result.config.sweeps !== undefined ? `, ${result.config.sweeps} sweeps` : ''}
              {result.config.temperature !== undefined ? `, T = ${result.config.temperature}` : ''}
              {result.config.replicas !== undefined ? `, ${result.config.replicas} replicas down to β = ${result.config.lowestBeta}` : ''}, seed {result.seed} · {result.seconds.toFixed(1)} s
            </span>
            {result.swapAcceptance !== undefined && (
              <span className="hint" data-testid="fantasy-swaps" title="Share of proposed swaps accepted between adjacent temperatures (β = 1 first); a pair near 0 needs more replicas.">
                swap acceptance per pair: {result.swapAcceptance}
              </span>
            )}
            <ExportMenu fileStem="fantasies" getSvg={() => svg.current} csv={csv} />
          </div>
          <FantasyGrid ref={svg} samples={result.samples} shape={ctx.shape} matches={matches} width={760} />
        </>
      )}
    </div>
  );
}
