import { NODE_KINDS, type InitField, type ParameterField } from '../../../engine/diagram/nodeKinds';
import type { DiagramNode, ImageShape } from '../../../engine/diagram/types';
import type { NodeFieldPatch } from '../store/edits';

/** One node's (or edge's) patch from a committed field. */
export interface NodePatch {
  id: string;
  patch: NodeFieldPatch;
}

/** A committed field: the patches to apply, or the message shown in place of applying an invalid value. */
export type FieldCommit = { ok: true; patches: NodePatch[] } | { ok: false; message: string };

/** Fields edited as text or a choice; initialisations have their own control (initEdits.ts). */
export type TextField = Exclude<ParameterField, InitField>;

const read = (node: DiagramNode, key: string): unknown => (node as unknown as Record<string, unknown>)[key];

/** The fields every selected node has (same key and type), in the first node's order: what a multi-selection can edit. */
export function sharedFields(nodes: readonly DiagramNode[]): ParameterField[] {
  if (nodes.length === 0) return [];
  const [first, ...rest] = nodes;
  return NODE_KINDS[first.kind].fields.filter((field) => rest.every((n) => NODE_KINDS[n.kind].fields.some((f) => f.key === field.key && f.type === field.type)));
}

/** "3×3" for an image shape, '' for none. */
export function formatImageShape(shape: ImageShape | undefined): string {
  return shape ? `${shape.rows}×${shape.cols}` : '';
}

/** Parses "rows×cols" (also "rows x cols" or "rows,cols"); null means none (empty text), undefined unreadable. */
export function parseImageShape(text: string): ImageShape | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = /^(\d+)\s*[×xX,*]\s*(\d+)$/.exec(trimmed);
  return match ? { rows: Number(match[1]), cols: Number(match[2]) } : undefined;
}

/** The field's value as text when all nodes agree, or `mixed` when they differ. */
export function fieldText(nodes: readonly DiagramNode[], field: TextField): { text: string; mixed: boolean } {
  const texts = nodes.map((node) => {
    const value = read(node, field.key);
    return field.type === 'imageShape' ? formatImageShape(value as ImageShape | undefined) : String(value ?? '');
  });
  const mixed = texts.some((t) => t !== texts[0]);
  return { text: mixed ? '' : (texts[0] ?? ''), mixed };
}

/**
 * Checks a committed value against the field's schema and every selected node, and returns one patch per node.
 * A size change drops an image shape that no longer multiplies to the new size in the same edit.
 */
export function commitField(nodes: readonly DiagramNode[], field: TextField, text: string): FieldCommit {
  const trimmed = text.trim();
  if (field.type === 'enum') {
    if (!field.options.some((o) => o.value === trimmed)) return { ok: false, message: `${field.label} must be one of ${field.options.map((o) => o.label).join(', ')}.` };
    return { ok: true, patches: nodes.map((n) => ({ id: n.id, patch: { [field.key]: trimmed } })) };
  }
  if (field.type === 'int') {
    const value = Number(trimmed);
    if (trimmed === '' || !Number.isInteger(value) || value < field.min || value > field.max) {
      return { ok: false, message: `${field.label} must be a whole number from ${field.min.toLocaleString('en-US')} to ${field.max.toLocaleString('en-US')}.` };
    }
    return {
      ok: true,
      patches: nodes.map((node) => {
        const patch: NodeFieldPatch = { [field.key]: value };
        for (const shapeField of NODE_KINDS[node.kind].fields) {
          if (shapeField.type !== 'imageShape' || shapeField.sizeKey !== field.key) continue;
          const shape = read(node, shapeField.key) as ImageShape | undefined;
          if (shape && shape.rows * shape.cols !== value) patch[shapeField.key] = undefined;
        }
        return { id: node.id, patch };
      }),
    };
  }
  const shape = parseImageShape(trimmed);
  if (shape === undefined) return { ok: false, message: `${field.label}: write rows × cols, e.g. 3×3, or leave it empty for none.` };
  if (shape && (shape.rows < 1 || shape.cols < 1)) return { ok: false, message: `${field.label}: rows and columns must be at least 1.` };
  if (shape) {
    const misfit = nodes.find((node) => Number(read(node, field.sizeKey)) !== shape.rows * shape.cols);
    if (misfit) {
      const size = Number(read(misfit, field.sizeKey));
      return { ok: false, message: `${formatImageShape(shape)} is ${shape.rows * shape.cols} pixels, but “${misfit.label}” has ${size.toLocaleString('en-US')} units: use rows × cols = ${size.toLocaleString('en-US')}.` };
    }
  }
  return { ok: true, patches: nodes.map((n) => ({ id: n.id, patch: { [field.key]: shape ?? undefined } })) };
}

/** A label commit: refused when empty after trimming. */
export function commitLabel(nodes: readonly DiagramNode[], text: string): FieldCommit {
  const label = text.trim();
  if (label === '') return { ok: false, message: 'A label cannot be empty.' };
  return { ok: true, patches: nodes.map((n) => ({ id: n.id, patch: { label } })) };
}
