import { useCallback } from 'react';
import { downloadCsv, downloadPng, downloadSvg } from './exportFile';
import { ExportError, useExportAction } from './useExportAction';
import './export.css';

export interface ExportMenuProps {
  /** File name without extension, e.g. 'run-3-kl'. */
  fileStem: string;
  /** The view as SVG (a rendered element or a string); PNG and SVG buttons appear only when given. */
  getSvg?: () => SVGSVGElement | string | null;
  /** The view's data as CSV text (fetched when asked for, so it may be a promise); the CSV button appears only when given. */
  csv?: () => string | Promise<string>;
}

/** Small PNG / SVG / CSV download buttons for one view (PNG rasterised from the SVG at 2×, over the theme's surface). */
export function ExportMenu({ fileStem, getSvg, csv }: ExportMenuProps) {
  const { busy, error, run } = useExportAction();

  const svgSource = useCallback(() => {
    const source = getSvg?.();
    if (!source) throw new Error('Nothing to export yet: the view has not drawn its chart.');
    return source;
  }, [getSvg]);

  return (
    <span className="export-menu" data-testid="export-menu">
      {getSvg && (
        <>
          <button type="button" data-testid="export-png" disabled={busy} title={`Download ${fileStem}.png`} onClick={() => void run(() => downloadPng(fileStem, svgSource()))}>
            PNG
          </button>
          <button type="button" data-testid="export-svg" disabled={busy} title={`Download ${fileStem}.svg`} onClick={() => void run(() => downloadSvg(fileStem, svgSource()))}>
            SVG
          </button>
        </>
      )}
      {csv && (
        <button type="button" data-testid="export-csv" disabled={busy} title={`Download ${fileStem}.csv`} onClick={() => void run(async () => downloadCsv(fileStem, await csv()))}>
          CSV
        </button>
      )}
      <ExportError error={error} />
    </span>
  );
}
