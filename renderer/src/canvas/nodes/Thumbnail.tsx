import { memo, useLayoutEffect, useRef, useSyncExternalStore } from 'react';
import type { ImageShape } from '../../../../engine/diagram/types';
import { useServices, useStudio } from '../../app/StudioContext';
import { DARK_PALETTE, LIGHT_PALETTE, thumbnailGrid, thumbnailPixels, type ThumbnailContent } from '../thumbnail';

interface ThumbnailProps {
  nodeId: string;
  /** Units shown (a layer's size, an RBM block's visible size). */
  size: number;
  imageShape?: ImageShape;
  /** Trained biases of these units, when the diagram carries them. */
  biases?: ArrayLike<number>;
  /** Largest side of the drawn thumbnail, in CSS pixels. */
  box: number;
}

/**
 * A layer drawn as a small image, one pixel per unit scaled up: its live activations when a run or probe publishes
 * them, else its trained biases, else the bare grid of units.
 */
export const Thumbnail = memo(function Thumbnail({ nodeId, size, imageShape, biases, box }: ThumbnailProps) {
  const { live } = useServices();
  const activations = useSyncExternalStore(
    (listener) => live.subscribe(nodeId, listener),
    () => live.get(nodeId),
  );
  const theme = useStudio((s) => s.theme);
  const canvas = useRef<HTMLCanvasElement>(null);
  const grid = thumbnailGrid(size, imageShape);
  const content: ThumbnailContent = activations ? { kind: 'activations', values: activations } : biases ? { kind: 'biases', values: biases } : { kind: 'units' };

  useLayoutEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const pixels = thumbnailPixels(size, grid, content, theme === 'dark' ? DARK_PALETTE : LIGHT_PALETTE);
    context.putImageData(new ImageData(pixels, grid.cols, grid.rows), 0, 0);
  });

  const longest = Math.max(grid.rows, grid.cols);
  return (
    <canvas
      ref={canvas}
      className={`thumbnail thumbnail-${content.kind}`}
      width={grid.cols}
      height={grid.rows}
      style={{ width: (box * grid.cols) / longest, height: (box * grid.rows) / longest }}
      data-content={content.kind}
      aria-label={`${grid.rows}×${grid.cols} thumbnail of ${content.kind === 'units' ? 'the units' : content.kind}`}
      role="img"
    />
  );
});
