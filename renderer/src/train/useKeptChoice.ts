import { useCallback, useEffect, useRef } from 'react';
import { useServices } from '../app/StudioContext';
import { choiceOf } from './algorithmDefaults';
import type { TrainFormValues } from './trainForm';

/** Quiet time after the last change before the choice is kept (typing an epoch count is one change, not five). */
const KEEP_AFTER_MS = 400;

/**
 * Keeps what the user chose in the Train form for `diagramId` in the project, shortly after each change and at once on
 * Start or when the form goes away, so a reopened project or a second window proposes it again.
 */
export function useKeptChoice(diagramId: string): { changed(values: TrainFormValues): void; flush(): void } {
  const { controller } = useServices();
  const pending = useRef<TrainFormValues | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const values = pending.current;
    pending.current = undefined;
    if (values?.algorithm) void controller.keepTrainChoice(diagramId, choiceOf(values));
  }, [controller, diagramId]);
  useEffect(() => flush, [flush]);
  const changed = useCallback(
    (values: TrainFormValues) => {
      pending.current = values;
      clearTimeout(timer.current);
      timer.current = setTimeout(flush, KEEP_AFTER_MS);
    },
    [flush],
  );
  return { changed, flush };
}
