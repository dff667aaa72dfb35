import { svgSize, type SvgSize } from './svgSerialize';

/** Default raster scale: twice the CSS size, or the screen's own density when that is higher. */
export function defaultRasterScale(devicePixelRatio = globalThis.devicePixelRatio ?? 1): number {
  return Math.max(2, devicePixelRatio);
}

/** Canvas size in device pixels for an SVG of `size` CSS pixels drawn at `scale` (at least 1×1). */
export function rasterSize(size: SvgSize, scale: number): SvgSize {
  if (!(scale > 0)) throw new Error(`Raster scale must be positive (got ${scale}).`);
  return { width: Math.max(1, Math.round(size.width * scale)), height: Math.max(1, Math.round(size.height * scale)) };
}

/** A data URL for an SVG document (data URLs keep the canvas untainted, so toBlob is allowed). */
export function svgDataUrl(svgText: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
}

function loadImage(url: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('The browser could not render the SVG as an image; check it is well-formed.'));
    image.src = url;
  });
}

/**
 * Rasterises a standalone SVG (see standaloneSvg) to a PNG blob: drawn through an Image onto a canvas `scale` times
 * its CSS size, over a `background` fill (PNG viewers show transparency as white or a checkerboard otherwise).
 */
export async function rasteriseSvg(svgText: string, options: { scale?: number; background?: string } = {}): Promise<Blob> {
  const size = svgSize(svgText);
  if (!size) throw new Error('The SVG has no width and height; pass it through standaloneSvg first.');
  const pixels = rasterSize(size, options.scale ?? defaultRasterScale());
  const image = await loadImage(svgDataUrl(svgText));
  const canvas = document.createElement('canvas');
  canvas.width = pixels.width;
  canvas.height = pixels.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser gives no 2D canvas, so PNG export is unavailable; export SVG instead.');
  if (options.background) {
    context.fillStyle = options.background;
    context.fillRect(0, 0, pixels.width, pixels.height);
  }
  context.drawImage(image, 0, 0, pixels.width, pixels.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The canvas could not be encoded as PNG.'))), 'image/png'),
  );
}
