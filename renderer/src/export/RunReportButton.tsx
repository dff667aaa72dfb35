import { useCallback } from 'react';
import { summarize } from '../../../engine/compiler/summary';
import type { ApiResult } from '../../../main/api/contract';
import { downloadBlob } from '../app/download';
import { useServices } from '../app/StudioContext';
import { compileStructure } from '../store/compiled';
import type { StudioState } from '../store/state';
import { shareTraces } from '../likelihood/estimates';
import { safeFileStem } from './exportFile';
import { tracedEstimate, type ReportTraces } from './likelihoodReport';
import { buildRunReport, runName } from './runReport';
import { ExportError, useExportAction } from './useExportAction';
import './export.css';

/** Points per metric series in a report: M4-downsampled (spikes kept), so a run of a million steps makes a page of a few hundred kB. */
const REPORT_POINTS = 4000;

function valueOf<T>(result: ApiResult<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.message}`);
  return result.value;
}

/** The diagram's name and one-line model summary as the project holds it now (undefined when it was deleted). */
function diagramFacts(state: StudioState, diagramId: string): { diagramName?: string; compiledSummary?: string } {
  const structure = state.doc.diagrams[diagramId];
  if (!structure) return {};
  const { result } = compileStructure(structure, state.parameters[diagramId]);
  return { diagramName: structure.name, compiledSummary: result.ok ? summarize(result.model) : 'does not compile now' };
}

function tracesOrUndefined(outputId: string, array: { shape: number[]; values: number[] }): ReportTraces | undefined {
  try {
    return { outputId, traces: shareTraces(array) };
  } catch {
    return undefined;
  }
}

/** File name of a run's report: `<run-name>-report.html`. */
export function reportFileName(state: StudioState, runId: string): string {
  const run = state.runs.summaries[runId];
  return `${safeFileStem(run ? runName(run, state.doc.diagrams[run.diagramId]?.name) : runId, 'run')}-report.html`;
}

/** Downloads a run's report: a self-contained HTML page with its settings, figures, charts of the full series and outputs. */
export function RunReportButton({ runId }: { runId: string }) {
  const { api, store } = useServices();
  const { busy, error, run: track } = useExportAction();

  const download = useCallback(
    () =>
      track(async () => {
        const [run, metrics, outputs] = await Promise.all([
          api.call('run:get', { runId }).then((r) => valueOf(r, 'Could not read the run')),
          api.call('run:metrics', { runId, maxPoints: REPORT_POINTS }).then((r) => valueOf(r, 'Could not read the run’s metrics')),
          api.call('output:list', { runId }).then((r) => valueOf(r, 'Could not list the run’s outputs')),
        ]);
        const traced = tracedEstimate(outputs);
        const traceData = traced ? await api.call('output:get', { outputId: traced.outputId, rowCount: 3 }) : undefined;
        // A trace that cannot be read leaves the report without that one chart rather than failing it.
        const array = traceData?.ok ? traceData.value.array : undefined;
        const estimateTraces = traced && array ? tracesOrUndefined(traced.outputId, array) : undefined;
        const state = store.getState();
        const html = buildRunReport({
          estimateTraces,
          run,
          metrics,
          outputs,
          ...diagramFacts(state, run.diagramId),
          dataset: state.project?.datasets.find((d) => d.id === run.datasetId),
          projectName: state.project?.name,
          generatedAt: Date.now(),
        });
        downloadBlob(reportFileName(state, runId), new Blob([html], { type: 'text/html;charset=utf-8' }));
      }),
    [api, store, runId, track],
  );

  return (
    <span className="export-menu">
      <button type="button" className="small" data-testid="run-report" disabled={busy} title="Download a self-contained HTML report of this run" onClick={() => void download()}>
        Report
      </button>
      <ExportError error={error} />
    </span>
  );
}
