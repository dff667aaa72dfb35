import { useState } from 'react';
import { useStudio } from '../app/StudioContext';
import { parametersComplete } from '../store/document';
import type { StudioState } from '../store/state';
import { CompletionPanel } from './CompletionPanel';
import { FantasiesPanel } from './FantasiesPanel';
import { RetrievalPanel } from './RetrievalPanel';
import { useGenerateModel } from './useGenerateModel';
import './generate.css';
import { latestTrainingRun } from '../store/runs';

const SECTIONS = [
  { id: 'fantasies', label: 'Fantasies' },
  { id: 'completion', label: 'Pattern completion' },
  { id: 'retrieval', label: 'Hopfield retrieval' },
] as const;

type SectionId = (typeof SECTIONS)[number]['id'];

/** Where the active diagram's parameters come from: its latest completed training run, or none (initial values). */
function parameterSource(state: StudioState): string {
  const id = state.activeDiagramId;
  const structure = id ? state.doc.diagrams[id] : undefined;
  if (!id || !structure) return '';
  const run = latestTrainingRun(state.runs, id, (r) => r.status === 'completed');
  if (run) return `Trained by ${run.algorithm}, ${run.lastStep} epoch${run.lastStep === 1 ? '' : 's'}`;
  return parametersComplete(structure, state.parameters[id]) ? 'Carries parameters' : 'Untrained: jobs use the initial parameters';
}

/** Generate: fantasies sampled from the trained model, interactive pattern completion, and Hopfield retrieval. */
export function GenerateView() {
  const ctx = useGenerateModel();
  const source = useStudio(parameterSource);
  const [section, setSection] = useState<SectionId>('fantasies');
  if ('reason' in ctx) {
    return (
      <div className="gen-view" data-testid="generate-view">
        <p className="hint">{ctx.reason}</p>
      </div>
    );
  }
  const shapeText = ctx.shape.source === 'row' ? `a row of ${ctx.shape.cols}` : `${ctx.shape.rows} × ${ctx.shape.cols} (from the ${ctx.shape.source === 'node' ? 'visible layer' : 'dataset'})`;
  return (
    <div className="gen-view" data-testid="generate-view">
      <div className="gen-top">
        <div className="gen-sections" role="tablist" aria-label="Generate">
          {SECTIONS.map((s) => (
            <button key={s.id} type="button" role="tab" aria-selected={section === s.id} data-testid={`generate-tab-${s.id}`} onClick={() => setSection(s.id)}>
              {s.label}
            </button>
          ))}
        </div>
        <div className="field gen-field gen-dataset">
          <label htmlFor="generate-dataset">Patterns from</label>
          <select id="generate-dataset" data-testid="generate-dataset" value={ctx.dataset?.id ?? ''} onChange={(e) => ctx.setDatasetId(e.target.value)} disabled={ctx.datasets.length === 0}>
            {ctx.datasets.length === 0 && <option value="">(no dataset {ctx.model.visibleIndices.length} wide)</option>}
            {ctx.datasets.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} — {d.rowCount} rows
              </option>
            ))}
          </select>
        </div>
        <span className="hint gen-state" data-testid="generate-source">
          {source} · visible units as {shapeText}
          {ctx.unsynced ? ' · saving edits…' : ''}
        </span>
      </div>
      {/* Keyed by diagram: results and method choices of one model never show against another. */}
      {section === 'fantasies' && <FantasiesPanel key={ctx.diagramId} ctx={ctx} />}
      {section === 'completion' && <CompletionPanel key={ctx.diagramId} ctx={ctx} />}
      {section === 'retrieval' && <RetrievalPanel key={ctx.diagramId} ctx={ctx} />}
    </div>
  );
}
