import { useMemo } from 'react';
import { useStudio } from '../app/StudioContext';
import { activeCompiled } from '../store/compiled';
import { Heatmap } from './Heatmap';
import { ParametersList } from './ParametersList';
import { blockMatrix, fullMatrix, hasWeights } from './weightMatrix';

/** Models up to this many units show their whole coupling matrix; larger ones show the selected edge's block. */
const FULL_MATRIX_LIMIT = 48;

/** Trained weights: a heatmap of the selected edge's block, or of the whole model when it is small, and the values. */
export function WeightsView() {
  const compiled = useStudio(activeCompiled);
  const selection = useStudio((s) => s.selection);
  const theme = useStudio((s) => s.theme);
  const model = compiled?.result.ok ? compiled.result.model : undefined;
  const selectedEdgeId = selection.edgeIds.length === 1 ? selection.edgeIds[0] : undefined;
  const selectedNodeId = !selectedEdgeId && selection.nodeIds.length === 1 ? selection.nodeIds[0] : undefined;
  const block = model?.weightBlocks.find((b) => (selectedEdgeId !== undefined && b.edgeId === selectedEdgeId) || (selectedNodeId !== undefined && !b.edgeId && b.nodeId === selectedNodeId));

  const matrix = useMemo(() => {
    if (!model || !hasWeights(model)) return undefined;
    if (block) return blockMatrix(model, block);
    return model.unitCount <= FULL_MATRIX_LIMIT ? fullMatrix(model) : undefined;
  }, [model, block]);

  if (!compiled) return null;
  const labelOf = (id: string | undefined) => compiled.diagram.nodes.find((n) => n.id === id)?.label ?? id ?? '';
  const edge = block?.edgeId ? compiled.diagram.edges.find((e) => e.id === block.edgeId) : undefined;
  const blockName = edge ? `${labelOf(edge.source)} ${edge.kind === 'parent' ? '→' : '—'} ${labelOf(edge.target)}` : block ? `${labelOf(block.nodeId)} internal` : '';
  let body;
  if (!model) body = <p className="muted">The diagram does not compile.</p>;
  else if (!hasWeights(model)) body = <p className="muted">No trained parameters yet: train the model to see its weights.</p>;
  else if (!matrix) body = <p className="muted">Select an edge to see its weight block.</p>;
  else body = <Heatmap matrix={matrix} theme={theme} />;

  return (
    <section className="card" aria-labelledby="weights-heading" data-testid="weights-view">
      <h2 className="panel-heading" id="weights-heading">
        Weights {block ? `· ${blockName}` : model && matrix ? '· whole model' : ''}
      </h2>
      {body}
      {model && hasWeights(model) && <ParametersList model={model} selectedKey={block?.key} />}
    </section>
  );
}
