import { useCallback, useMemo, useRef, useState } from 'react';
import { HINTON_COLOURS, heatColour, legendStops, maxAbsOf, rgbCss } from './colourScale';
import { FigureCard } from './FigureCard';
import { summaryStats } from './histogram';
import { matrixCsv } from './insideCsv';
import { cellSpan, hintonLegend, hintonSide, matrixLayout, pooledMatrix, type MatrixMode } from './matrixLayout';
import { hintonDataUrl, heatmapDataUrl } from './raster';

const PAD = { left: 22, top: 38, right: 12 };
const LEGEND_HEIGHT = 58;
const LEGEND_CELL = 18;
const fmt = (v: number) => (Math.abs(v) >= 100 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

export interface MatrixFigureProps {
  title: string;
  fileStem: string;
  rowLabel: string;
  colLabel: string;
  rowNames: string[];
  colNames: string[];
  /** Row-major [rows, cols] weights (a lateral block's diagonal already 0). */
  values: Float32Array;
  mode: MatrixMode;
  theme: string;
}

function spanName(names: string[], [start, end]: [number, number]): string {
  return end - start === 1 ? names[start] : `${names[start]}…${names[end - 1]}`;
}

/** A weight block as a Hinton diagram (square area ∝ |w|, white +, black −) or a diverging heatmap, with legend and hover. */
export function WeightMatrixFigure({ title, fileStem, rowLabel, colLabel, rowNames, colNames, values, mode, theme }: MatrixFigureProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<string>();
  const rows = rowNames.length;
  const cols = colNames.length;
  const layout = useMemo(() => matrixLayout(rows, cols, mode), [rows, cols, mode]);
  const drawn = useMemo(() => pooledMatrix(values, rows, cols, layout.factor), [values, rows, cols, layout.factor]);
  const maxAbs = useMemo(() => maxAbsOf(drawn), [drawn]);
  const stats = useMemo(() => summaryStats(values), [values]);
  const image = useMemo(() => {
    if (layout.render !== 'image') return undefined;
    return mode === 'hinton' ? hintonDataUrl(drawn, layout.rows, layout.cols, maxAbs, layout.cellPx) : heatmapDataUrl(drawn, layout.rows, layout.cols, maxAbs, theme);
  }, [layout, drawn, maxAbs, mode, theme]);

  const gridWidth = layout.cols * layout.cellPx;
  const gridHeight = layout.rows * layout.cellPx;
  const width = Math.max(PAD.left + gridWidth + PAD.right, 330);
  const height = PAD.top + gridHeight + 8 + LEGEND_HEIGHT;
  const cell = layout.cellPx;

  const cells = useMemo(() => {
    if (layout.render !== 'rects') return null;
    const out = [];
    for (let i = 0; i < layout.rows; i++) {
      for (let j = 0; j < layout.cols; j++) {
        const v = drawn[i * layout.cols + j];
        if (mode === 'heatmap') {
          out.push(<rect key={i * layout.cols + j} className="heat-cell" x={j * cell} y={i * cell} width={cell} height={cell} fill={rgbCss(heatColour(v, maxAbs, theme))} />);
        } else {
          const side = hintonSide(v, maxAbs, cell);
          const offset = (cell - side) / 2;
          out.push(<rect key={i * layout.cols + j} className="hinton-cell" x={j * cell + offset} y={i * cell + offset} width={side} height={side} fill={v >= 0 ? HINTON_COLOURS.positive : HINTON_COLOURS.negative} />);
        }
      }
    }
    return out;
  }, [layout, drawn, maxAbs, mode, theme, cell]);

  const onMove = (event: React.PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const j = Math.floor(((event.clientX - box.left) / box.width) * layout.cols);
    const i = Math.floor(((event.clientY - box.top) / box.height) * layout.rows);
    if (i < 0 || j < 0 || i >= layout.rows || j >= layout.cols) return setHover(undefined);
    const rowSpan = cellSpan(i, layout.factor, rows);
    const colSpan = cellSpan(j, layout.factor, cols);
    const v = drawn[i * layout.cols + j];
    setHover(layout.factor === 1 ? `w(${rowNames[i]}, ${colNames[j]}) = ${v.toFixed(4)}` : `${spanName(rowNames, rowSpan)} × ${spanName(colNames, colSpan)}: mean w = ${v.toFixed(4)}`);
  };

  const getSvg = useCallback(() => svg.current, []);
  const csv = useCallback(() => matrixCsv(rowNames, colNames, values), [rowNames, colNames, values]);
  const legendY = PAD.top + gridHeight + 8;
  const gradientId = `inside-gradient-${mode}`;
  return (
    <FigureCard title="Weights" fileStem={fileStem} getSvg={getSvg} csv={csv}>
      <svg ref={svg} xmlns="http://www.w3.org/2000/svg" width={width} height={height} className="inside-svg" data-testid={mode === 'hinton' ? 'inside-hinton' : 'inside-heatmap'} data-rows={rows} data-cols={cols} data-factor={layout.factor} data-cell={layout.cellPx} data-render={layout.render}>
        <text x={0} y={12} className="inside-title">{`${title} · ${rows} × ${cols}`}</text>
        <text x={PAD.left} y={PAD.top - 6} className="inside-axis">{`columns: ${colLabel} →`}</text>
        <text transform={`translate(12 ${PAD.top}) rotate(90)`} className="inside-axis">{`rows: ${rowLabel} →`}</text>
        <g transform={`translate(${PAD.left} ${PAD.top})`} data-grid="weights">
          {mode === 'hinton' && <rect width={gridWidth} height={gridHeight} fill={HINTON_COLOURS.background} />}
          {image ? <image href={image} width={gridWidth} height={gridHeight} preserveAspectRatio="none" style={{ imageRendering: 'pixelated' }} /> : cells}
          <rect width={gridWidth} height={gridHeight} fill="transparent" stroke="var(--border)" onPointerMove={onMove} onPointerLeave={() => setHover(undefined)} />
        </g>
        <g transform={`translate(${PAD.left} ${legendY})`} className="inside-legend">
          {mode === 'heatmap' ? (
            <>
              <defs>
                <linearGradient id={gradientId}>
                  {legendStops(theme).map((s) => (
                    <stop key={s.offset} offset={s.offset} stopColor={s.colour} />
                  ))}
                </linearGradient>
              </defs>
              <rect width={160} height={10} fill={`url(#${gradientId})`} stroke="var(--border)" />
              <text x={0} y={24}>{`−${fmt(maxAbs)}`}</text>
              <text x={80} y={24} textAnchor="middle">0</text>
              <text x={160} y={24} textAnchor="end">{`+${fmt(maxAbs)}`}</text>
            </>
          ) : (
            hintonLegend(maxAbs, LEGEND_CELL).map((entry, k) => (
              <g key={k} transform={`translate(${k * 62} 0)`}>
                <rect width={LEGEND_CELL} height={LEGEND_CELL} fill={HINTON_COLOURS.background} />
                <rect x={(LEGEND_CELL - entry.side) / 2} y={(LEGEND_CELL - entry.side) / 2} width={entry.side} height={entry.side} fill={HINTON_COLOURS.positive} />
                <text x={LEGEND_CELL + 4} y={13}>{fmt(entry.value)}</text>
              </g>
            ))
          )}
          <text x={0} y={38}>{`range ${fmt(stats.min)} … ${fmt(stats.max)}${mode === 'hinton' ? ' · white +, black −, area ∝ |w|' : ''}`}</text>
          {layout.factor > 1 && <text x={0} y={52}>{`downsampled: each cell the mean of ${layout.factor}×${layout.factor} weights`}</text>}
        </g>
      </svg>
      <p className="inside-hover" aria-live="polite">
        {hover ?? (layout.factor > 1 ? `Downsampled ${layout.factor}×${layout.factor} for display; CSV export has every weight.` : 'Hover a cell for its units and value')}
      </p>
    </FigureCard>
  );
}
