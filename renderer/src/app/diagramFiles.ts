import { parseDiagramText } from '../../../engine/diagram/parse';
import type { Diagram } from '../../../engine/diagram/types';
import { downloadBlob } from './download';

/** "XOR net" → "XOR-net.diagram.json": a file name from a diagram name, safe on every file system. */
export function diagramFileName(name: string): string {
  const stem = name.trim().replace(/×/g, 'x').replace(/[^\p{L}\p{N}._ -]+/gu, '').replace(/\s+/g, '-') || 'diagram';
  return `${stem}.diagram.json`;
}

/** The text of a diagram file: the saved diagram format, indented. */
export function diagramFileText(diagram: Diagram): string {
  return `${JSON.stringify(diagram, null, 2)}\n`;
}

/** A diagram read from file text, or one message naming the file's first problems (with their JSON paths). */
export function readDiagramFile(fileName: string, text: string): { ok: true; diagram: Diagram } | { ok: false; message: string } {
  const parsed = parseDiagramText(text);
  if (parsed.ok) return parsed;
  const shown = parsed.errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`);
  const more = parsed.errors.length > 3 ? ` (and ${parsed.errors.length - 3} more)` : '';
  return { ok: false, message: `${fileName} is not a diagram this version can read: ${shown.join('; ')}${more}.` };
}

/** Offers a text file for download (the browser's or Electron's save). */
export function downloadText(fileName: string, text: string): void {
  downloadBlob(fileName, new Blob([text], { type: 'application/json' }));
}
