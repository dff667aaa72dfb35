import { useCallback, useMemo, useRef, useState } from 'react';
import type { ImageShape } from '../../../engine/diagram/types';
import { legendStops } from './colourScale';
import { FigureCard } from './FigureCard';
import { fieldsCsv } from './insideCsv';
import { heatmapDataUrl } from './raster';
import { fieldNorms, fieldOrder, fieldScales, tileCaptions } from './receptiveFields';

/** Fields per page (500 hidden units take 9 pages). */
export const FIELDS_PER_PAGE = 60;
const ACROSS = 12;
const TILE_TARGET = 52;
const GAP = 6;
const LABEL = 12;

export interface ReceptiveFieldsProps {
  fileStem: string;
  /** One image-sized field per unit. */
  fields: Float32Array[];
  unitNames: string[];
  shape: ImageShape;
  /** Where the image shape came from, said in the caption. */
  shapeNote: string;
  theme: string;
}

/** The receptive field w_{·j} of each unit as a small diverging-colour image, paged, optionally sorted by ‖w_{·j}‖. */
export function ReceptiveFieldsFigure({ fileStem, fields, unitNames, shape, shapeNote, theme }: ReceptiveFieldsProps) {
  const svg = useRef<SVGSVGElement>(null);
  const [common, setCommon] = useState(true);
  const [byNorm, setByNorm] = useState(false);
  const [page, setPage] = useState(0);
  const [hover, setHover] = useState<string>();
  const norms = useMemo(() => fieldNorms(fields), [fields]);
  const scales = useMemo(() => fieldScales(fields, common), [fields, common]);
  const order = useMemo(() => fieldOrder(norms, byNorm), [norms, byNorm]);
  const pages = Math.max(1, Math.ceil(fields.length / FIELDS_PER_PAGE));
  const current = Math.min(page, pages - 1);
  const shown = useMemo(() => order.slice(current * FIELDS_PER_PAGE, (current + 1) * FIELDS_PER_PAGE), [order, current]);
  const pixel = Math.max(1, Math.round(TILE_TARGET / Math.max(shape.rows, shape.cols)));
  const tileW = shape.cols * pixel;
  const tileH = shape.rows * pixel;
  const captions = useMemo(() => tileCaptions(unitNames, tileW), [unitNames, tileW]);
  const images = useMemo(() => shown.map((j) => heatmapDataUrl(fields[j], shape.rows, shape.cols, scales[j], theme, pixel)), [shown, fields, shape, scales, theme, pixel]);

  const across = Math.min(ACROSS, Math.max(1, shown.length));
  const downs = Math.ceil(shown.length / across);
  const top = 18;
  const width = Math.max(across * (tileW + GAP), 420);
  const legendY = top + downs * (tileH + LABEL + GAP) + 4;
  const height = legendY + 30;

  const onMove = (j: number) => (event: React.PointerEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const c = Math.min(shape.cols - 1, Math.floor(((event.clientX - box.left) / box.width) * shape.cols));
    const r = Math.min(shape.rows - 1, Math.floor(((event.clientY - box.top) / box.height) * shape.rows));
    setHover(`${unitNames[j]} · pixel (${r + 1}, ${c + 1}) w = ${fields[j][r * shape.cols + c].toFixed(4)} · ‖w‖ = ${norms[j].toFixed(3)}`);
  };
  const getSvg = useCallback(() => svg.current, []);
  const csv = useCallback(() => fieldsCsv(unitNames, fields, norms, shape), [unitNames, fields, norms, shape]);
  const controls = (
    <span className="inside-controls">
      <label>
        <input type="checkbox" checked={common} onChange={(e) => setCommon(e.target.checked)} data-testid="inside-rf-common" /> common scale
      </label>
      <label>
        <input type="checkbox" checked={byNorm} onChange={(e) => setByNorm(e.target.checked)} data-testid="inside-rf-sort" /> sort by ‖w‖
      </label>
      {pages > 1 && (
        <span className="inside-pager">
          <button type="button" disabled={current === 0} onClick={() => setPage(current - 1)} aria-label="Previous page">‹</button>
          <span data-testid="inside-rf-page">{`${current + 1} / ${pages}`}</span>
          <button type="button" disabled={current >= pages - 1} onClick={() => setPage(current + 1)} aria-label="Next page">›</button>
        </span>
      )}
    </span>
  );
  const maxScale = scales.reduce((m, s) => Math.max(m, s), 0);
  return (
    <FigureCard title="Receptive fields" fileStem={`${fileStem}-receptive-fields`} getSvg={getSvg} csv={csv} controls={controls}>
      <svg ref={svg} xmlns="http://www.w3.org/2000/svg" width={width} height={height} className="inside-svg" data-testid="inside-rf-grid" data-units={fields.length}>
        <text x={0} y={12} className="inside-title">{`${fields.length} units · ${shape.rows}×${shape.cols} images (${shapeNote})${pages > 1 ? ` · units ${current * FIELDS_PER_PAGE + 1}–${current * FIELDS_PER_PAGE + shown.length}` : ''}`}</text>
        {shown.map((j, k) => {
          const x = (k % across) * (tileW + GAP);
          const y = top + Math.floor(k / across) * (tileH + LABEL + GAP);
          return (
            <g key={j} transform={`translate(${x} ${y})`} data-testid="inside-rf-cell" data-unit={unitNames[j]} data-rows={shape.rows} data-cols={shape.cols}>
              <image href={images[k]} width={tileW} height={tileH} style={{ imageRendering: 'pixelated' }} />
              <rect width={tileW} height={tileH} fill="transparent" stroke="var(--border)" onPointerMove={onMove(j)} onPointerLeave={() => setHover(undefined)} />
              <text x={tileW / 2} y={tileH + 10} textAnchor="middle" className="inside-tick">{captions[j]}</text>
            </g>
          );
        })}
        <g transform={`translate(0 ${legendY})`} className="inside-legend">
          <defs>
            <linearGradient id="inside-gradient-rf">
              {legendStops(theme).map((s) => (
                <stop key={s.offset} offset={s.offset} stopColor={s.colour} />
              ))}
            </linearGradient>
          </defs>
          <rect width={120} height={8} fill="url(#inside-gradient-rf)" stroke="var(--border)" />
          <text x={128} y={8}>{common ? `−${maxScale.toFixed(3)} … +${maxScale.toFixed(3)} (common scale)` : 'each image scaled to its own max |w|'}</text>
        </g>
      </svg>
      <p className="inside-hover" aria-live="polite">{hover ?? 'Hover a pixel for its weight'}</p>
    </FigureCard>
  );
}
