import type { ParameterInit } from '../../../engine/diagram/types';
import type { FieldCommit } from './fieldEdits';

/** What the initialisation control offers: the algorithm's default (no field) or one of the ParameterInit kinds. */
export type InitChoice = 'default' | ParameterInit['kind'];

export const INIT_CHOICES: { value: InitChoice; label: string }[] = [
  { value: 'default', label: 'Algorithm default' },
  { value: 'zero', label: 'Zero' },
  { value: 'constant', label: 'Constant' },
  { value: 'normal', label: 'Normal N(0, σ²)' },
];

/** Values a newly chosen kind starts with: constant 0, σ = 0.1 (the engine's DEFAULT_INIT_SCALE). */
const FRESH: Record<ParameterInit['kind'], ParameterInit> = { zero: { kind: 'zero' }, constant: { kind: 'constant', value: 0 }, normal: { kind: 'normal', scale: 0.1 } };

type Owner = { id: string };
const initOf = (item: Owner, key: string) => (item as unknown as Record<string, ParameterInit | undefined>)[key];
const numberOf = (init: ParameterInit | undefined) => (init?.kind === 'constant' ? String(init.value) : init?.kind === 'normal' ? String(init.scale) : '');

/** The initialisation shown for the selection: its kind and number when every element agrees, else mixed. */
export function initState(items: readonly Owner[], key: string): { choice: InitChoice | ''; number: string; mixed: boolean } {
  const texts = items.map((item) => JSON.stringify(initOf(item, key) ?? null));
  if (texts.some((t) => t !== texts[0])) return { choice: '', number: '', mixed: true };
  const init = items.length > 0 ? initOf(items[0], key) : undefined;
  return { choice: init?.kind ?? 'default', number: numberOf(init), mixed: false };
}

/** A chosen kind for every element (an element already of that kind keeps its number); 'default' removes the field. */
export function commitInitChoice(items: readonly Owner[], key: string, choice: InitChoice): FieldCommit {
  return {
    ok: true,
    patches: items.map((item) => {
      const current = initOf(item, key);
      const next = choice === 'default' ? undefined : current?.kind === choice ? current : FRESH[choice];
      return { id: item.id, patch: { [key]: next } };
    }),
  };
}

/** The constant's value (any finite number) or the normal's σ (a finite number ≥ 0) for every element. */
export function commitInitNumber(items: readonly Owner[], key: string, kind: 'constant' | 'normal', text: string): FieldCommit {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return { ok: false, message: `${kind === 'constant' ? 'The constant' : 'σ'} must be a number.` };
  if (kind === 'normal' && value < 0) return { ok: false, message: 'σ is a standard deviation: it must be 0 or more.' };
  const init: ParameterInit = kind === 'constant' ? { kind, value } : { kind, scale: value };
  return { ok: true, patches: items.map((item) => ({ id: item.id, patch: { [key]: init } })) };
}
