import { heatPixels, HINTON_COLOURS } from './colourScale';
import { hintonSide } from './matrixLayout';

/** A PNG data URL of RGBA pixels (width × height), drawn through a canvas. */
export function pixelsToDataUrl(pixels: Uint8ClampedArray, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.putImageData(new ImageData(new Uint8ClampedArray(pixels), width, height), 0, 0);
  return canvas.toDataURL('image/png');
}

/** A heatmap image (one pixel per cell times `scale`) as a PNG data URL. */
export function heatmapDataUrl(values: ArrayLike<number>, rows: number, cols: number, maxAbs: number, theme: string, scale = 1): string {
  return pixelsToDataUrl(heatPixels(values, rows, cols, maxAbs, theme, scale), cols * scale, rows * scale);
}

/** A Hinton diagram (cellPx per cell) as a PNG data URL, for blocks too large for one <rect> per weight. */
export function hintonDataUrl(values: ArrayLike<number>, rows: number, cols: number, maxAbs: number, cellPx: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = cols * cellPx;
  canvas.height = rows * cellPx;
  const ctx = canvas.getContext('2d');
  if (!ctx) return '';
  ctx.fillStyle = HINTON_COLOURS.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = values[i * cols + j];
      const side = hintonSide(v, maxAbs, cellPx);
      if (side <= 0) continue;
      ctx.fillStyle = v >= 0 ? HINTON_COLOURS.positive : HINTON_COLOURS.negative;
      ctx.fillRect(j * cellPx + (cellPx - side) / 2, i * cellPx + (cellPx - side) / 2, side, side);
    }
  }
  return canvas.toDataURL('image/png');
}
