import { useCallback, useMemo, useRef, useState } from 'react';
import { maxAbsOf } from './colourScale';
import { FigureCard } from './FigureCard';
import { biasesCsv } from './insideCsv';

const LABEL_W = 90;
const PLOT_W = 420;
const ROW_H = 46;
const TOP = 18;

/** One node's biases. */
export interface BiasRow {
  node: string;
  unitNames: string[];
  values: Float32Array;
}

/** Bars above (b > 0) or below (b < 0) the zero line: one SVG path per sign, so 784 bars cost two elements. */
function barPaths(values: Float32Array, maxAbs: number, half: number): { positive: string; negative: string } {
  const w = PLOT_W / Math.max(1, values.length);
  const inset = w > 3 ? 0.15 * w : 0;
  let positive = '';
  let negative = '';
  values.forEach((v, k) => {
    const h = maxAbs > 0 ? (Math.abs(v) / maxAbs) * half : 0;
    if (h === 0) return;
    const x = k * w + inset;
    const segment = `M${x.toFixed(2)} ${(v > 0 ? half - h : half).toFixed(2)}h${(w - 2 * inset).toFixed(2)}v${h.toFixed(2)}h${(-(w - 2 * inset)).toFixed(2)}z`;
    if (v > 0) positive += segment;
    else negative += segment;
  });
  return { positive, negative };
}

/** Biases as one bar chart per node on a common scale (±max |b|); hovering a bar names its unit and value. */
export function BiasesFigure({ fileStem, rows }: { fileStem: string; rows: BiasRow[] }) {
  const svg = useRef<SVGSVGElement>(null);
  const [hover, setHover] = useState<string>();
  const maxAbs = useMemo(() => rows.reduce((m, r) => Math.max(m, maxAbsOf(r.values)), 0), [rows]);
  const half = (ROW_H - 10) / 2;
  const paths = useMemo(() => rows.map((r) => barPaths(r.values, maxAbs, half)), [rows, maxAbs, half]);
  const height = TOP + rows.length * ROW_H + 4;

  const onMove = (row: BiasRow) => (event: React.PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const k = Math.min(row.values.length - 1, Math.floor(((event.clientX - box.left) / box.width) * row.values.length));
    setHover(`b(${row.unitNames[k]}) = ${row.values[k].toFixed(4)}`);
  };
  const getSvg = useCallback(() => svg.current, []);
  const csv = useCallback(() => biasesCsv(rows.flatMap((r) => Array.from(r.values, (bias, k) => ({ node: r.node, unit: r.unitNames[k], bias })))), [rows]);
  return (
    <FigureCard title="Biases" fileStem={`${fileStem}-biases`} getSvg={getSvg} csv={csv}>
      <svg ref={svg} xmlns="http://www.w3.org/2000/svg" width={LABEL_W + PLOT_W + 10} height={height} className="inside-svg" data-testid="inside-biases">
        <text x={0} y={12} className="inside-title">{`Biases per node · scale ±${maxAbs.toFixed(3)}`}</text>
        {rows.map((row, r) => (
          <g key={row.node + r} transform={`translate(0 ${TOP + r * ROW_H})`}>
            <text x={0} y={half + 4} className="inside-tick">{`${row.node} (${row.values.length})`}</text>
            <g transform={`translate(${LABEL_W} 0)`}>
              <path d={paths[r].positive} className="bias-positive" />
              <path d={paths[r].negative} className="bias-negative" />
              <line x1={0} x2={PLOT_W} y1={half} y2={half} className="inside-zero" />
              <rect width={PLOT_W} height={2 * half} fill="transparent" onPointerMove={onMove(row)} onPointerLeave={() => setHover(undefined)} />
            </g>
          </g>
        ))}
      </svg>
      <p className="inside-hover" aria-live="polite">{hover ?? 'Hover a bar for its unit and bias'}</p>
    </FigureCard>
  );
}
