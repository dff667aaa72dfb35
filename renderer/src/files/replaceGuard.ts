/** What the user chose when asked before an edited untitled project is replaced. */
export type ReplaceChoice = 'save' | 'discard' | 'cancel';

/** The question on screen: which project would be replaced and what it would replace it with. */
export interface ReplaceQuestion {
  projectName: string;
  /** "a new project", "the example …", …: what happens after Discard. */
  replacement: string;
}

/**
 * The "Save, discard or cancel?" step before an edited untitled project is replaced, and the Save As it may start.
 * Plain state with subscribe/get (for useSyncExternalStore), one per studio store.
 */
export interface ReplaceGuard {
  subscribe(listener: () => void): () => void;
  question(): ReplaceQuestion | null;
  /** Shows the question; resolves with the answer (a second question cancels the first). */
  ask(question: ReplaceQuestion): Promise<ReplaceChoice>;
  answer(choice: ReplaceChoice): void;
  /** Resolves true once the Save As started for the question succeeded, false when its dialog closed without saving. */
  awaitSaveAs(): Promise<boolean>;
  /** Called by the Save As dialog when it closes; without a pending Save As, nothing happens. */
  settleSaveAs(saved: boolean): void;
}

function createReplaceGuard(): ReplaceGuard {
  const listeners = new Set<() => void>();
  let current: { question: ReplaceQuestion; resolve(choice: ReplaceChoice): void } | null = null;
  let pendingSave: ((saved: boolean) => void) | null = null;
  const changed = () => listeners.forEach((listener) => listener());
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    question: () => current?.question ?? null,
    ask(question) {
      current?.resolve('cancel');
      return new Promise((resolve) => {
        current = { question, resolve };
        changed();
      });
    },
    answer(choice) {
      const asked = current;
      current = null;
      changed();
      asked?.resolve(choice);
    },
    awaitSaveAs() {
      pendingSave?.(false);
      return new Promise((resolve) => (pendingSave = resolve));
    },
    settleSaveAs(saved) {
      const settle = pendingSave;
      pendingSave = null;
      settle?.(saved);
    },
  };
}

const guards = new WeakMap<object, ReplaceGuard>();

/** The guard of one studio store (each store, and so each test, gets its own). */
export function replaceGuardOf(store: object): ReplaceGuard {
  let guard = guards.get(store);
  if (!guard) guards.set(store, (guard = createReplaceGuard()));
  return guard;
}
