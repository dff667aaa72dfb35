import { useRef } from 'react';
import { BitImage, MASK_COLOUR } from './BitImage';
import { bitValues, flaggedPath } from './pixelPaths';
import type { Mask } from './visibleGrid';

export type EditMode = 'draw' | 'mask';

interface PixelEditorProps {
  bits: string;
  mask: Mask;
  shape: { rows: number; cols: number };
  pixel: number;
  mode: EditMode;
  onBits(bits: string): void;
  onMask(mask: Mask): void;
}

/**
 * The pattern to complete as an SVG pixel grid. Draw mode: a press toggles a pixel and a drag paints that value;
 * mask mode: the same for the unknown mark (hatched orange). One pointer handler for the whole grid, not one per pixel.
 */
export function PixelEditor({ bits, mask, shape, pixel, mode, onBits, onMask }: PixelEditorProps) {
  const painting = useRef<{ value: boolean; bits: string; mask: Mask } | null>(null);
  const width = shape.cols * pixel;
  const height = shape.rows * pixel;

  const pixelAt = (event: React.PointerEvent<SVGSVGElement>): number | undefined => {
    const rect = event.currentTarget.getBoundingClientRect();
    const col = Math.floor(((event.clientX - rect.left) / rect.width) * shape.cols);
    const row = Math.floor(((event.clientY - rect.top) / rect.height) * shape.rows);
    if (col < 0 || row < 0 || col >= shape.cols || row >= shape.rows) return undefined;
    return row * shape.cols + col;
  };

  const paint = (index: number) => {
    const state = painting.current;
    if (!state) return;
    if (mode === 'draw') {
      const bit = state.value ? '1' : '0';
      if (state.bits[index] === bit) return;
      state.bits = state.bits.slice(0, index) + bit + state.bits.slice(index + 1);
      onBits(state.bits);
    } else {
      if (state.mask[index] === state.value) return;
      state.mask = state.mask.map((m, i) => (i === index ? state.value : m));
      onMask(state.mask);
    }
  };

  const onPointerDown = (event: React.PointerEvent<SVGSVGElement>) => {
    const index = pixelAt(event);
    if (index === undefined) return;
    event.currentTarget.setPointerCapture?.(event.pointerId);
    const value = mode === 'draw' ? bits[index] !== '1' : !mask[index];
    painting.current = { value, bits, mask };
    paint(index);
  };
  const onPointerMove = (event: React.PointerEvent<SVGSVGElement>) => {
    if (!painting.current) return;
    const index = pixelAt(event);
    if (index !== undefined) paint(index);
  };
  const end = () => (painting.current = null);

  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      className={`gen-svg gen-editor mode-${mode}`}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Pattern ${shape.rows} × ${shape.cols}; ${mode === 'draw' ? 'click or drag to draw' : 'click or drag to mark unknown pixels'}`}
      data-testid="completion-grid"
      data-bits={bits}
      data-mask={mask.map((m) => (m ? '1' : '0')).join('')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={end}
      onPointerCancel={end}
    >
      <defs>
        <pattern id="gen-hatch" width={6} height={6} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width={6} height={6} fill={MASK_COLOUR} fillOpacity={0.35} />
          <line x1={0} y1={0} x2={0} y2={6} stroke={MASK_COLOUR} strokeWidth={3} />
        </pattern>
      </defs>
      <BitImage values={bitValues(bits)} rows={shape.rows} cols={shape.cols} pixel={pixel} />
      <path d={flaggedPath(mask, shape.cols, pixel)} fill="url(#gen-hatch)" />
      {pixel >= 8 && <GridLines shape={shape} pixel={pixel} />}
    </svg>
  );
}

/** Thin lines between pixels, so single pixels can be aimed at. */
function GridLines({ shape, pixel }: { shape: { rows: number; cols: number }; pixel: number }) {
  let d = '';
  for (let c = 1; c < shape.cols; c++) d += `M${c * pixel} 0v${shape.rows * pixel}`;
  for (let r = 1; r < shape.rows; r++) d += `M0 ${r * pixel}h${shape.cols * pixel}`;
  return <path d={d} stroke="#9aa3b1" strokeWidth={0.5} fill="none" pointerEvents="none" />;
}
