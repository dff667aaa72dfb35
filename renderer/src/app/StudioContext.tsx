import { createContext, useContext, useSyncExternalStore } from 'react';
import type { AttractorApi } from '../../../main/api/contract';
import type { LiveActivations } from '../store/liveActivations';
import type { StudioState } from '../store/state';
import type { StudioStore } from '../store/studioStore';
import type { StudioController } from './controller';

/** Everything a component may reach: the store and the API-backed commands. */
export interface StudioServices {
  store: StudioStore;
  controller: StudioController;
  /** Live activations by node id, outside the undoable store. */
  live: LiveActivations;
  mode: 'electron' | 'browser';
  /** The API itself, for panels whose calls are their own business (the dataset panel). */
  api: AttractorApi;
}

export const StudioContext = createContext<StudioServices | null>(null);

export function useServices(): StudioServices {
  const services = useContext(StudioContext);
  if (!services) throw new Error('useServices outside <StudioContext.Provider>');
  return services;
}

/** Subscribes to one narrow slice of the store; the selector must return a stable value (primitive or stored reference). */
export function useStudio<T>(selector: (state: StudioState) => T): T {
  const { store } = useServices();
  return useSyncExternalStore(store.subscribe, () => selector(store.getState()));
}

export function useActions(): StudioStore['actions'] {
  return useServices().store.actions;
}
