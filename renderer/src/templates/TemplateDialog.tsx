import { useEffect, useRef, useState } from 'react';
import { useServices, useStudio } from '../app/StudioContext';
import { activeStructure } from '../store/compiled';
import type { StudioStore } from '../store/studioStore';
import { besideExisting, defaultValues, fieldProblem, parseSizes, TEMPLATES, templateById, type Template, type TemplateField, type TemplateValues } from './templates';

/** Inserts a template into the active diagram (beside what is there) or as a new diagram, as one undo entry, and shows it. */
export function insertTemplate(store: StudioStore, template: Template, values: TemplateValues, newDiagram: boolean): void {
  const { actions } = store;
  const subgraph = template.build(values);
  if (newDiagram) {
    if (actions.addDiagramWith(template.title(values), subgraph, template.encoding)) actions.requestView();
    return;
  }
  const structure = activeStructure(store.getState());
  if (!structure) return;
  const ids = actions.insertSubgraph(`Insert ${template.label}`, subgraph, besideExisting(structure), template.encoding);
  if (ids.length > 0) actions.requestView(ids);
}

const textOf = (field: TemplateField, value: number | number[]) => (Array.isArray(value) ? value.join('-') : String(value));

/** The template dialog: choose a network, set its sizes (refused in place when invalid), insert it. */
export function TemplateDialog() {
  const { store } = useServices();
  const overlay = useStudio((s) => s.overlay);
  const nonEmpty = useStudio((s) => (activeStructure(s)?.nodes.length ?? 0) > 0);
  const open = overlay?.kind === 'template';
  const [templateId, setTemplateId] = useState(TEMPLATES[0].id);
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [newDiagram, setNewDiagram] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const template = templateById(templateId) ?? TEMPLATES[0];

  useEffect(() => {
    if (!open) return;
    const chosen = templateById(overlay.templateId) ?? template;
    setTemplateId(chosen.id);
    setNewDiagram(nonEmpty);
    requestAnimationFrame(() => first.current?.focus());
    // Opening the dialog resets it; later changes of the diagram do not.
  }, [open]);

  useEffect(() => {
    const defaults = defaultValues(template);
    setTexts(Object.fromEntries(template.fields.map((f) => [f.key, textOf(f, defaults[f.key])])));
  }, [template]);

  if (!open) return null;
  const close = () => store.actions.setOverlay(null);
  const values: TemplateValues = Object.fromEntries(
    template.fields.map((f) => [f.key, f.type === 'int' ? Number((texts[f.key] ?? '').trim() || NaN) : (parseSizes(texts[f.key] ?? '') ?? [])]),
  );
  const problems = Object.fromEntries(template.fields.map((f) => [f.key, fieldProblem(f, f.type === 'sizes' && !parseSizes(texts[f.key] ?? '') ? undefined : values[f.key])]));
  const valid = Object.values(problems).every((p) => p === undefined);
  const submit = () => {
    if (!valid) return;
    close();
    insertTemplate(store, template, values, newDiagram);
  };

  return (
    <div className="dialog-backdrop" role="presentation" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <form
        className="dialog template-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="template-title"
        data-testid="template-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        onKeyDown={(e) => e.key === 'Escape' && close()}
      >
        <h2 id="template-title">Insert a network</h2>
        <div className="template-body">
          <fieldset className="template-list">
            <legend className="sr-only">Template</legend>
            {TEMPLATES.map((t) => (
              <label key={t.id} className={t.id === template.id ? 'is-on' : undefined}>
                <input type="radio" name="template" value={t.id} checked={t.id === template.id} onChange={() => setTemplateId(t.id)} data-testid={`template-${t.id}`} />
                {t.label}
              </label>
            ))}
          </fieldset>
          <div className="template-fields">
            <p className="hint">{template.description}</p>
            {template.fields.map((field, i) => (
              <div className="field" key={`${template.id}-${field.key}`}>
                <label htmlFor={`template-field-${field.key}`}>{field.label}</label>
                <input
                  id={`template-field-${field.key}`}
                  ref={i === 0 ? first : undefined}
                  value={texts[field.key] ?? ''}
                  inputMode={field.type === 'int' ? 'numeric' : undefined}
                  aria-invalid={problems[field.key] ? true : undefined}
                  onChange={(e) => setTexts({ ...texts, [field.key]: e.target.value })}
                  data-testid={`template-field-${field.key}`}
                />
                {problems[field.key] && (
                  <p className="field-error" role="alert">
                    {problems[field.key]}
                  </p>
                )}
              </div>
            ))}
            <label className="checkbox">
              <input type="checkbox" checked={newDiagram} onChange={(e) => setNewDiagram(e.target.checked)} data-testid="template-new-diagram" />
              In a new diagram
            </label>
          </div>
        </div>
        <div className="dialog-buttons">
          <button type="button" onClick={close}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid} data-testid="template-insert">
            Insert
          </button>
        </div>
      </form>
    </div>
  );
}
