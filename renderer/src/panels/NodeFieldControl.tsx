import type { ParameterField } from '../../../engine/diagram/nodeKinds';
import type { DiagramNode, ImageShape } from '../../../engine/diagram/types';
import type { NodeFieldPatch } from '../store/edits';
import { CommitInput } from './CommitInput';

interface NodeFieldControlProps {
  node: DiagramNode;
  field: ParameterField;
  disabled: boolean;
  onCommit(patch: NodeFieldPatch): void;
}

const read = (node: DiagramNode, key: string): unknown => (node as unknown as Record<string, unknown>)[key];

/** Parses "rows×cols" (also "rows x cols" or "rows,cols"); '' means no image shape. */
export function parseImageShape(text: string): ImageShape | null | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const match = /^(\d+)\s*[×xX,]\s*(\d+)$/.exec(trimmed);
  return match ? { rows: Number(match[1]), cols: Number(match[2]) } : undefined;
}

/** One inspector control generated from a node kind's field schema (int, enum, image shape). */
export function NodeFieldControl({ node, field, disabled, onCommit }: NodeFieldControlProps) {
  const id = `field-${node.id}-${field.key}`;
  const value = read(node, field.key);
  let control;
  if (field.type === 'enum') {
    control = (
      <select id={id} value={String(value)} disabled={disabled} onChange={(e) => onCommit({ [field.key]: e.target.value })}>
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else if (field.type === 'int') {
    control = (
      <CommitInput
        id={id}
        inputMode="numeric"
        value={String(value)}
        disabled={disabled}
        onCommit={(text) => {
          const n = Number(text);
          if (!Number.isInteger(n) || n < field.min || n > field.max) return false;
          const patch: NodeFieldPatch = { [field.key]: n };
          // An image shape that no longer multiplies to the size is dropped in the same edit.
          for (const key of ['imageShape', 'visibleImageShape']) {
            const shape = read(node, key) as ImageShape | undefined;
            const sizeKey = key === 'imageShape' ? 'size' : 'visibleSize';
            if (shape && sizeKey === field.key && shape.rows * shape.cols !== n) patch[key] = undefined;
          }
          onCommit(patch);
        }}
      />
    );
  } else {
    const shape = value as ImageShape | undefined;
    const size = Number(read(node, field.sizeKey));
    control = (
      <CommitInput
        id={id}
        value={shape ? `${shape.rows}×${shape.cols}` : ''}
        placeholder="none (e.g. 3×3)"
        disabled={disabled}
        title={`rows × cols, multiplying to ${size}; empty for none`}
        onCommit={(text) => {
          const parsed = parseImageShape(text);
          if (parsed === undefined || (parsed && parsed.rows * parsed.cols !== size)) return false;
          onCommit({ [field.key]: parsed ?? undefined });
        }}
      />
    );
  }
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      {control}
    </div>
  );
}
