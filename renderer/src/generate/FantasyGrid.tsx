import { forwardRef } from 'react';
import { BitImage, HIGHLIGHT, pixelSize } from './BitImage';
import { bitValues } from './pixelPaths';

interface FantasyGridProps {
  /** Fantasies as '0'/'1' strings over the visible units. */
  samples: string[];
  shape: { rows: number; cols: number };
  /** Per fantasy, the index of the dataset row it equals, or −1. */
  matches: number[];
  /** Width of the drawing in SVG units. */
  width: number;
}

const GAP = 10;
const MARK = 10;

/** The fantasies as an SVG image grid; those equal to a training row are outlined and ticked. */
export const FantasyGrid = forwardRef<SVGSVGElement, FantasyGridProps>(function FantasyGrid({ samples, shape, matches, width }, ref) {
  const image = shape.rows === 1 ? { pixel: Math.max(2, Math.floor(Math.min(width - 2 * GAP, 480) / shape.cols)) } : { pixel: pixelSize(shape, 56) };
  const cellWidth = shape.cols * image.pixel;
  const cellHeight = shape.rows * image.pixel;
  const across = Math.max(1, Math.min(samples.length, Math.floor((width - GAP) / (cellWidth + GAP))));
  const down = Math.ceil(samples.length / across);
  const svgWidth = across * (cellWidth + GAP) + GAP;
  const svgHeight = down * (cellHeight + GAP) + GAP;
  return (
    <svg
      ref={ref}
      xmlns="http://www.w3.org/2000/svg"
      className="gen-svg"
      width={svgWidth}
      height={svgHeight}
      viewBox={`0 0 ${svgWidth} ${svgHeight}`}
      role="img"
      aria-label={`${samples.length} fantasies`}
      data-testid="fantasy-grid"
    >
      {samples.map((bits, k) => {
        const x = GAP + (k % across) * (cellWidth + GAP);
        const y = GAP + Math.floor(k / across) * (cellHeight + GAP);
        const matched = matches[k] >= 0;
        return (
          <g key={k} data-testid="fantasy-cell" data-bits={bits} data-match={matched ? matches[k] : undefined}>
            <title>{matched ? `Fantasy ${k + 1}: training row ${matches[k] + 1}` : `Fantasy ${k + 1}: not in the training set`}</title>
            <BitImage values={bitValues(bits)} rows={shape.rows} cols={shape.cols} pixel={image.pixel} x={x} y={y} />
            {matched && (
              <>
                <rect x={x - 2} y={y - 2} width={cellWidth + 4} height={cellHeight + 4} fill="none" stroke={HIGHLIGHT} strokeWidth={2} />
                <circle cx={x + cellWidth} cy={y} r={MARK / 2 + 1} fill={HIGHLIGHT} />
                <path d={`M${x + cellWidth - 3} ${y}l2 2.5l4 -5`} stroke="#fff" strokeWidth={1.6} fill="none" />
              </>
            )}
          </g>
        );
      })}
    </svg>
  );
});
