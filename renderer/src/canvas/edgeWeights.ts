import type { DiagramEdge, DiagramParameters, ParameterBlock } from '../../../engine/diagram/types';

/** What an edge's trained weights amount to: how many, their mean (the sign shown) and their RMS (the strength shown). */
export interface WeightSummary {
  count: number;
  mean: number;
  /** Root mean square, ‖W‖_F / √count; |w| for a single weight. */
  rms: number;
}

/** The trained weights of a diagram's edges, by edge id, and the largest RMS among them (the scale of the drawing). */
export interface EdgeWeights {
  byEdge: Map<string, WeightSummary>;
  maxAbs: number;
}

/** How an edge with trained weights is drawn. */
export interface EdgeWeightStyle {
  /** Which end of the diverging scale the stroke leans to (mean weight ≥ 0: positive). */
  sign: 'positive' | 'negative';
  /** |mean| / scale in tenths (0 = the neutral edge colour, 1 = the full colour of its sign). */
  tint: number;
  /** Stroke width in flow units, from MIN_EDGE_WIDTH (no weight) to MAX_EDGE_WIDTH (the largest RMS). */
  width: number;
  /** The numbers behind it, shown on hover: "w = 0.53", or "mean 0.12 · RMS 0.54 · 96 weights" for a block. */
  text: string;
}

export const MIN_EDGE_WIDTH = 1;
export const MAX_EDGE_WIDTH = 7;

/** Mean and RMS of a weight block; a lateral block (a layer coupled to itself) leaves out its unused diagonal. */
export function summariseWeights(block: ParameterBlock, lateral: boolean): WeightSummary | undefined {
  const [rows, cols] = block.shape.length === 2 ? block.shape : [1, block.shape[0] ?? 0];
  if (rows * cols !== block.values.length) return undefined;
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (lateral && i === j) continue;
      const w = block.values[i * cols + j];
      count++;
      sum += w;
      squares += w * w;
    }
  }
  return count > 0 ? { count, mean: sum / count, rms: Math.sqrt(squares / count) } : undefined;
}

/** Summaries of every edge that carries trained weights; undefined when none does or all are zero (nothing to show). */
export function edgeWeights(edges: readonly DiagramEdge[], parameters: DiagramParameters | undefined): EdgeWeights | undefined {
  if (!parameters) return undefined;
  const byEdge = new Map<string, WeightSummary>();
  let maxAbs = 0;
  for (const edge of edges) {
    const block = Object.hasOwn(parameters.weights, edge.id) ? parameters.weights[edge.id] : undefined;
    const summary = block && summariseWeights(block, edge.source === edge.target);
    if (!summary) continue;
    byEdge.set(edge.id, summary);
    maxAbs = Math.max(maxAbs, summary.rms);
  }
  return maxAbs > 0 ? { byEdge, maxAbs } : undefined;
}

const tenths = (x: number) => Math.round(Math.max(0, Math.min(1, x)) * 10) / 10;

/** Stroke width for a weight strength relative to the scale (0…1). */
export function edgeWidth(relative: number): number {
  return MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * tenths(relative);
}

/**
 * An edge's colour and width: colour by the sign and size of its mean weight, width by its RMS, both relative to the
 * diagram's largest RMS (for a single weight both are |w| / max). Steps of a tenth keep the arrowhead markers few.
 */
export function edgeWeightStyle(summary: WeightSummary, maxAbs: number): EdgeWeightStyle {
  const scale = maxAbs > 0 ? maxAbs : 1;
  return {
    sign: summary.mean < 0 ? 'negative' : 'positive',
    tint: tenths(Math.abs(summary.mean) / scale),
    width: edgeWidth(summary.rms / scale),
    text: weightText(summary),
  };
}

/** A weight with three significant digits and a true minus sign. */
export function formatWeight(value: number, digits = 3): string {
  const text = String(Number(value.toPrecision(digits)));
  return text.startsWith('-') ? `−${text.slice(1)}` : text;
}

/** What an edge's weights are, in words: the weight itself, or a block's mean, RMS and size. */
export function weightText(summary: WeightSummary): string {
  if (summary.count === 1) return `w = ${formatWeight(summary.mean)}`;
  return `mean ${formatWeight(summary.mean)} · RMS ${formatWeight(summary.rms)} · ${summary.count.toLocaleString('en')} weights`;
}

/**
 * The CSS stroke colour of a style: a theme token (weights.css) holding the sign's colour mixed into the neutral edge
 * colour by the tint. A plain var() keeps the arrowhead marker's id (built from its colour) a valid URL fragment.
 */
export function weightStroke(style: Pick<EdgeWeightStyle, 'sign' | 'tint'>): string {
  return `var(--weight-${style.sign}-${Math.round(style.tint * 10)})`;
}
