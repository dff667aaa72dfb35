import { useEffect, useState } from 'react';
import type { Diagram } from '../../../engine/diagram/types';
import type { AlgorithmInfo } from '../../../engine/train/algorithm';
import { useServices } from '../app/StudioContext';

const none: AlgorithmInfo[] = [];

/** The algorithms main offers for `diagram`, refreshed when it changes; an answer for an older diagram is dropped. */
export function useAlgorithms(diagram: Diagram | undefined): AlgorithmInfo[] {
  const { controller } = useServices();
  const [state, setState] = useState<{ diagram: Diagram | undefined; algorithms: AlgorithmInfo[] }>({ diagram: undefined, algorithms: none });
  useEffect(() => {
    if (diagram === undefined) return;
    let current = true;
    void controller.listAlgorithms(diagram).then((algorithms) => {
      if (current) setState({ diagram, algorithms });
    });
    return () => {
      current = false;
    };
  }, [controller, diagram]);
  return diagram !== undefined && state.diagram === diagram ? state.algorithms : diagram === undefined ? none : state.algorithms;
}
