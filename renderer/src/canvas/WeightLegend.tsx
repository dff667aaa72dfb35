import { Panel } from '@xyflow/react';
import { memo } from 'react';
import { edgeWidth, formatWeight as formatPrecise, type EdgeWeights } from './edgeWeights';

/** Legend figures: two significant digits are enough to read a scale. */
const formatWeight = (value: number) => formatPrecise(value, 2);

/** Widths the legend shows, as fractions of the largest RMS. */
const WIDTH_SAMPLES = [0.25, 0.5, 1];

/** What the edge colours and widths of a trained diagram mean, on the canvas's top-right corner. */
export const WeightLegend = memo(function WeightLegend({ weights }: { weights: EdgeWeights }) {
  const max = weights.maxAbs;
  return (
    <Panel position="top-right" className="weight-legend" data-testid="weight-legend" aria-label="Edge weight legend">
      <div className="weight-legend-title">Trained weights</div>
      <div className="weight-legend-row" title="Edge colour: the sign and size of its weight; an edge between layers shows the mean of its weight matrix">
        <span className="weight-legend-label">colour</span>
        <span className="weight-legend-scale">
          <span className="weight-legend-gradient" aria-hidden="true" />
          <span className="weight-legend-ticks">
            <span>{formatWeight(-max)}</span>
            <span>0</span>
            <span>+{formatWeight(max)}</span>
          </span>
        </span>
      </div>
      <div className="weight-legend-row" title="Edge width: |w|; an edge between layers shows the RMS of its weight matrix, ‖W‖/√n">
        <span className="weight-legend-label">width</span>
        <span className="weight-legend-widths">
          {WIDTH_SAMPLES.map((fraction) => (
            <span key={fraction} className="weight-legend-width">
              <svg width="28" height="10" aria-hidden="true">
                <line x1="2" y1="5" x2="26" y2="5" strokeWidth={edgeWidth(fraction)} />
              </svg>
              {formatWeight(fraction * max)}
            </span>
          ))}
        </span>
      </div>
      <div className="weight-legend-note">layer edges: colour by mean, width by RMS (‖W‖/√n)</div>
    </Panel>
  );
});
