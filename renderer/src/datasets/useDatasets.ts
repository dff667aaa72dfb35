import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult, DatasetGeneratorInfo, DatasetInfo } from '../../../main/api/contract';
import { useServices, useStudio } from '../app/StudioContext';

export interface DatasetApi {
  datasets: DatasetInfo[];
  generators: DatasetGeneratorInfo[];
  /** The last refusal, as main worded it. */
  error: string | undefined;
  /** What is running ('Importing…'), or undefined. */
  busy: string | undefined;
  /** Runs one API call with a busy label; on success refreshes the list and returns the value, on failure shows the error. */
  run<T>(label: string, call: () => Promise<ApiResult<T>>): Promise<T | undefined>;
  clearError(): void;
}

/** The open project's datasets, re-read whenever main announces a change; calls go through `run`. */
export function useDatasets(): DatasetApi {
  const { api } = useServices();
  const announced = useStudio((s) => s.project?.datasets);
  const [datasets, setDatasets] = useState<DatasetInfo[]>([]);
  const [generators, setGenerators] = useState<DatasetGeneratorInfo[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();
  const latest = useRef(0);

  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    const result = await api.call('dataset:list');
    if (ticket !== latest.current) return;
    if (result.ok) setDatasets(result.value);
    else if (result.error.code !== 'no-project') setError(result.error.message);
  }, [api]);

  useEffect(() => {
    void reload();
  }, [reload, announced]);

  useEffect(() => {
    void api.call('dataset:generators').then((result) => {
      if (result.ok) setGenerators(result.value);
    });
  }, [api]);

  const run = useCallback(
    async <T,>(label: string, call: () => Promise<ApiResult<T>>): Promise<T | undefined> => {
      setBusy(label);
      setError(undefined);
      try {
        const result = await call();
        if (!result.ok) {
          setError(result.error.message);
          return undefined;
        }
        await reload();
        return result.value;
      } catch (thrown) {
        setError(thrown instanceof Error ? thrown.message : String(thrown));
        return undefined;
      } finally {
        setBusy(undefined);
      }
    },
    [reload],
  );

  return { datasets, generators, error, busy, run, clearError: useCallback(() => setError(undefined), []) };
}
