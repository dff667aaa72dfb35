import { useMemo, useState } from 'react';
import type { CompiledModel, IndexRange } from '../../../engine/compiler/types';
import { useStudio } from '../app/StudioContext';
import { safeFileStem } from '../export/exportFile';
import { activeCompiled } from '../store/compiled';
import { blockMatrix, hasWeights, unitNames } from '../weights/weightMatrix';
import { BiasesFigure, type BiasRow } from './BiasesFigure';
import { allBiases, blockOptions, freeWeights, nodeOfRange } from './blocks';
import { HistogramFigure } from './HistogramFigure';
import type { MatrixMode } from './matrixLayout';
import { ReceptiveFieldsFigure } from './ReceptiveFieldsFigure';
import { receptiveFields, receptiveFieldSource } from './receptiveFields';
import { shapeOfKey, trainingDatasetShapeKey } from './trainingShape';
import { WeightMatrixFigure } from './WeightMatrixFigure';
import './inside.css';

/** "Visible", or for an RBM block's sub-range "RBM visible" / "RBM hidden". */
function sideLabel(model: CompiledModel, range: IndexRange): string {
  const node = nodeOfRange(model, range);
  if (!node) return '?';
  const whole = node.range.start === range.start && node.range.end === range.end;
  if (whole) return node.label;
  return `${node.label} ${node.visible.start === range.start ? 'visible' : 'hidden'}`;
}

function noParametersMessage(model: CompiledModel): string {
  const blocks = model.weightBlocks.length;
  const missing = model.weightBlocks.filter((b) => !b.values).length;
  if (blocks === 0) return 'This diagram has no weights: connect its units first.';
  if (missing < blocks) return `The diagram changed since it was trained: ${missing} of ${blocks} weight blocks have no values yet. Train it again to look inside.`;
  return 'No parameters yet: train it first (Train panel), then its weights, biases and receptive fields show here.';
}

/**
 * Looking inside a trained model: any weight block as a Hinton diagram or heatmap, receptive fields of the units behind
 * an image-shaped visible layer, biases per node and histograms; each exportable. Follows the active diagram's parameters.
 */
export function InsideView() {
  const compiled = useStudio(activeCompiled);
  const theme = useStudio((s) => s.theme);
  const datasetShapeKey = useStudio(trainingDatasetShapeKey);
  const datasetShape = useMemo(() => shapeOfKey(datasetShapeKey), [datasetShapeKey]);
  const selectedEdge = useStudio((s) => (s.selection.edgeIds.length === 1 ? s.selection.edgeIds[0] : undefined));
  const [chosenKey, setChosenKey] = useState<string>();
  const [mode, setMode] = useState<MatrixMode>('hinton');

  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const trained = model !== undefined && hasWeights(model);
  const options = useMemo(() => (model && compiled ? blockOptions(model, compiled.diagram) : []), [model, compiled]);
  const names = useMemo(() => (model ? unitNames(model) : []), [model]);
  const fromSelection = model?.weightBlocks.find((b) => b.edgeId !== undefined && b.edgeId === selectedEdge)?.key;
  const key = options.some((o) => o.key === chosenKey) ? chosenKey : (fromSelection ?? options[0]?.key);
  const block = model?.weightBlocks.find((b) => b.key === key);
  const option = options.find((o) => o.key === key);

  const matrix = useMemo(() => (model && block && trained ? blockMatrix(model, block) : undefined), [model, block, trained]);
  const fieldSource = useMemo(() => (model && block && trained ? receptiveFieldSource(model, block, datasetShape) : undefined), [model, block, trained, datasetShape]);
  const fields = useMemo(() => (block && fieldSource ? receptiveFields(block, fieldSource.imageSide) : undefined), [block, fieldSource]);
  const biasRows = useMemo<BiasRow[]>(
    () => (model && trained ? model.biasBlocks.filter((b) => b.values).map((b) => ({ node: nodeOfRange(model, b.range)?.label ?? String(b.nodeId), unitNames: names.slice(b.range.start, b.range.end), values: b.values! })) : []),
    [model, trained, names],
  );
  const histogramSeries = useMemo(
    () => (model && block && trained && option ? [{ name: `weights ${option.title}`, values: freeWeights(block) }, { name: 'all biases', values: allBiases(model) }] : []),
    [model, block, trained, option],
  );

  if (!compiled) return <p className="hint">Open a diagram to look inside it.</p>;
  if (!model) return <p className="hint">The diagram does not compile; fix the problems listed on the right to look inside it.</p>;
  if (!trained || !block || !matrix || !option) {
    return (
      <p className="hint" data-testid="inside-view">
        {noParametersMessage(model)}
      </p>
    );
  }
  const stem = `${safeFileStem(compiled.diagram.name, 'diagram')}-${safeFileStem(option.title, 'block')}`;
  const fieldShapeNote = fieldSource?.shapeFrom === 'dataset' ? 'shape of the training dataset' : 'shape of the visible layer';
  return (
    <div className="inside-view" data-testid="inside-view">
      <div className="inside-toolbar">
        <label>
          Block{' '}
          <select value={key} onChange={(e) => setChosenKey(e.target.value)} data-testid="inside-block-select">
            {options.map((o) => (
              <option key={o.key} value={o.key}>{`${o.title} (${o.shape[0]} × ${o.shape[1]})`}</option>
            ))}
          </select>
        </label>
        <span className="inside-toggle" role="group" aria-label="Weight display">
          <button type="button" aria-pressed={mode === 'hinton'} onClick={() => setMode('hinton')} data-testid="inside-mode-hinton">
            Hinton
          </button>
          <button type="button" aria-pressed={mode === 'heatmap'} onClick={() => setMode('heatmap')} data-testid="inside-mode-heatmap">
            Heatmap
          </button>
        </span>
      </div>
      <div className="inside-figures">
        <WeightMatrixFigure
          title={option.title}
          fileStem={`${stem}-${mode}`}
          rowLabel={sideLabel(model, block.rows)}
          colLabel={sideLabel(model, block.cols)}
          rowNames={matrix.rowNames}
          colNames={matrix.colNames}
          values={matrix.values}
          mode={mode}
          theme={theme}
        />
        {fields && fieldSource ? (
          <ReceptiveFieldsFigure
            fileStem={stem}
            fields={fields}
            unitNames={names.slice(fieldSource.units.start, fieldSource.units.end)}
            shape={fieldSource.shape}
            shapeNote={fieldShapeNote}
            theme={theme}
          />
        ) : (
          <p className="hint inside-note">
            Receptive fields appear for a block with an image-shaped visible layer: set the visible layer&apos;s image shape in the inspector (e.g. 3×3).
          </p>
        )}
        <HistogramFigure fileStem={stem} series={histogramSeries} />
        <BiasesFigure fileStem={safeFileStem(compiled.diagram.name, 'diagram')} rows={biasRows} />
      </div>
    </div>
  );
}
