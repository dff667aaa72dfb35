import { useEffect, useRef, useState } from 'react';
import { divergingColour, type DisplayMatrix } from './weightMatrix';

const MAX_CANVAS = 260;

function neutralColour(): [number, number, number] {
  const dark = document.documentElement.dataset.theme === 'dark';
  return dark ? [40, 44, 52] : [246, 246, 246];
}

/** A matrix drawn as coloured cells on a canvas; hovering a cell names it and shows its value. */
export function Heatmap({ matrix, theme }: { matrix: DisplayMatrix; theme: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | undefined>();
  const cell = Math.max(2, Math.min(28, Math.floor(MAX_CANVAS / Math.max(matrix.rows, matrix.cols))));
  const width = cell * matrix.cols;
  const height = cell * matrix.rows;

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const scale = window.devicePixelRatio || 1;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    const neutral = neutralColour();
    for (let i = 0; i < matrix.rows; i++) {
      for (let j = 0; j < matrix.cols; j++) {
        const [r, g, b] = divergingColour(matrix.values[i * matrix.cols + j], matrix.maxAbs, neutral);
        ctx.fillStyle = `rgb(${r},${g},${b})`;
        ctx.fillRect(j * cell, i * cell, cell, cell);
      }
    }
  }, [matrix, cell, theme]);

  const onMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const j = Math.floor(((event.clientX - rect.left) / rect.width) * matrix.cols);
    const i = Math.floor(((event.clientY - rect.top) / rect.height) * matrix.rows);
    if (i < 0 || j < 0 || i >= matrix.rows || j >= matrix.cols) return setHover(undefined);
    setHover(`w(${matrix.rowNames[i]}, ${matrix.colNames[j]}) = ${matrix.values[i * matrix.cols + j].toFixed(4)}`);
  };

  const scale = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const labelled = cell >= 16;
  return (
    <figure className="heatmap">
      <div className="heatmap-grid" style={{ gridTemplateColumns: labelled ? `auto ${width}px` : `${width}px` }}>
        {labelled && <span />}
        {labelled && (
          <div className="heatmap-cols" aria-hidden="true">
            {matrix.colNames.map((name, j) => (
              <span key={j} style={{ width: cell }}>
                {name}
              </span>
            ))}
          </div>
        )}
        {labelled && (
          <div className="heatmap-rows" aria-hidden="true">
            {matrix.rowNames.map((name, i) => (
              <span key={i} style={{ height: cell, lineHeight: `${cell}px` }}>
                {name}
              </span>
            ))}
          </div>
        )}
        <canvas
          ref={canvas}
          width={Math.round(width * scale)}
          height={Math.round(height * scale)}
          style={{ width, height }}
          onPointerMove={onMove}
          onPointerLeave={() => setHover(undefined)}
          role="img"
          aria-label={`Weight matrix ${matrix.rows} × ${matrix.cols}, largest magnitude ${matrix.maxAbs.toFixed(3)}`}
        />
      </div>
      <figcaption>
        <span className="legend">
          <span className="legend-neg">−{matrix.maxAbs.toFixed(2)}</span>
          <span className="legend-bar" aria-hidden="true" />
          <span className="legend-pos">+{matrix.maxAbs.toFixed(2)}</span>
        </span>
        <span className="hover-value" aria-live="polite">
          {hover ?? 'Hover a cell for its value'}
        </span>
      </figcaption>
    </figure>
  );
}
