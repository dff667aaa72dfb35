import { memo, useEffect, useRef } from 'react';
import { paintTiles, tileLayout } from './thumbnails';

const INK: [number, number, number] = [28, 34, 48];
const PAPER: [number, number, number] = [236, 239, 244];

interface ThumbnailsProps {
  /** Rows as '0'/'1' strings. */
  rows: string[];
  width: number;
  imageShape?: { rows: number; cols: number };
  maxWidth: number;
  tilePx?: number;
  label: string;
  testId?: string;
}

/** A dataset's rows drawn as tiles on one canvas (one DOM node however many rows). */
export const Thumbnails = memo(function Thumbnails({ rows, width, imageShape, maxWidth, tilePx, label, testId }: ThumbnailsProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const layout = tileLayout(rows.length, width, imageShape, { maxWidth, tilePx, stripPx: Math.min(maxWidth, 12 * width) });
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || layout.width === 0 || layout.height === 0) return;
    context.putImageData(new ImageData(paintTiles(rows, layout, INK, PAPER), layout.width, layout.height), 0, 0);
  }, [rows, layout]);
  if (rows.length === 0) return <p className="muted dataset-empty">No rows.</p>;
  return <canvas ref={canvas} className="dataset-thumbnails" width={layout.width} height={layout.height} role="img" aria-label={label} data-testid={testId} />;
});
