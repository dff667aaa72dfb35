/**
 * Live unit activations (e.g. mean activities during a run or a probe), keyed by node id. Kept apart from the editor
 * store and its undo history: updates arrive often and only the node showing them re-renders.
 */
export interface LiveActivations {
  /** The node's current activations (one value in [0, 1] per unit: the probability of being on), if any. */
  get(nodeId: string): Float32Array | undefined;
  set(nodeId: string, values: Float32Array): void;
  /** Forgets every node's activations (a project or diagram switch). */
  clear(): void;
  /** Calls `listener` whenever this node's activations change; returns the unsubscribe. */
  subscribe(nodeId: string, listener: () => void): () => void;
}

export function createLiveActivations(): LiveActivations {
  const values = new Map<string, Float32Array>();
  const listeners = new Map<string, Set<() => void>>();
  const notify = (nodeId: string) => listeners.get(nodeId)?.forEach((l) => l());
  return {
    get: (nodeId) => values.get(nodeId),
    set(nodeId, next) {
      values.set(nodeId, next);
      notify(nodeId);
    },
    clear() {
      const ids = [...values.keys()];
      values.clear();
      ids.forEach(notify);
    },
    subscribe(nodeId, listener) {
      const set = listeners.get(nodeId) ?? new Set();
      set.add(listener);
      listeners.set(nodeId, set);
      return () => void set.delete(listener);
    },
  };
}
