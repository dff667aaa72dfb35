import type { ParameterField } from '../../../engine/diagram/nodeKinds';
import type { DiagramNode } from '../../../engine/diagram/types';
import { CommitInput } from './CommitInput';
import { commitField, fieldText, type NodePatch, type TextField } from './fieldEdits';
import { InitControl } from './InitControl';

interface FieldControlProps {
  /** The nodes edited together (one or several). */
  nodes: DiagramNode[];
  field: ParameterField;
  disabled: boolean;
  onCommit(patches: NodePatch[]): void;
}

/** One inspector control generated from a node kind's field schema (int, enum, image shape, initialisation), for one or several nodes. */
export function FieldControl({ nodes, field, disabled, onCommit }: FieldControlProps) {
  if (field.type === 'init') return <InitControl items={nodes} field={field} disabled={disabled} onCommit={onCommit} />;
  return <TextFieldControl nodes={nodes} field={field} disabled={disabled} onCommit={onCommit} />;
}

function TextFieldControl({ nodes, field, disabled, onCommit }: Omit<FieldControlProps, 'field'> & { field: TextField }) {
  const id = `field-${field.key}`;
  const { text, mixed } = fieldText(nodes, field);
  const apply = (value: string): string | void => {
    const result = commitField(nodes, field, value);
    if (!result.ok) return result.message;
    onCommit(result.patches);
  };
  let control;
  if (field.type === 'enum') {
    control = (
      <select id={id} value={mixed ? '' : text} disabled={disabled} onChange={(e) => apply(e.target.value)} data-testid={id}>
        {mixed && (
          <option value="" disabled>
            (mixed)
          </option>
        )}
        {field.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    const size = field.type === 'imageShape' && nodes.length === 1 ? Number((nodes[0] as unknown as Record<string, unknown>)[field.sizeKey]) : undefined;
    control = (
      <CommitInput
        id={id}
        inputMode={field.type === 'int' ? 'numeric' : undefined}
        value={text}
        placeholder={mixed ? '(mixed)' : field.type === 'imageShape' ? 'none (e.g. 3×3)' : undefined}
        disabled={disabled}
        title={field.type === 'int' ? `${field.min}–${field.max.toLocaleString('en-US')}` : size !== undefined ? `rows × cols, multiplying to ${size}; empty for none` : 'rows × cols; empty for none'}
        onCommit={apply}
        data-testid={id}
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
