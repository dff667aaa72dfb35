import type { ApiEvents, EventName } from '../api/contract';

export type ApiListener<E extends EventName> = (payload: ApiEvents[E]) => void;

/** Typed publish/subscribe for the contract's events; a throwing listener never stops the others. */
export class ApiEventBus {
  private readonly listeners = new Map<EventName, Set<(payload: never) => void>>();

  /** Subscribes; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: ApiListener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as (payload: never) => void);
    return () => {
      set.delete(listener as (payload: never) => void);
    };
  }

  /** Delivers a payload to every current listener of the event. */
  emit<E extends EventName>(event: E, payload: ApiEvents[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      try {
        (listener as ApiListener<E>)(payload);
      } catch (error) {
        console.error(`listener of ${event} failed:`, error);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
