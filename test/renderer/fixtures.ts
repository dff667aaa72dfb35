import { diagramId, edgeId, nodeId } from '../../engine/diagram/ids';
import type { Diagram, DiagramParameters } from '../../engine/diagram/types';
import type { ProjectSnapshot, RunSummary } from '../../main/api/contract';

/** Two visible units and one hidden unit, fully coupled. */
export function smallDiagram(parameters?: DiagramParameters): Diagram {
  return {
    format: 'attractor-diagram',
    version: 1,
    id: diagramId('d1'),
    name: 'Small BM',
    settings: { encoding: 'pm1' },
    nodes: [
      { id: nodeId('v1'), kind: 'unit', label: 'v1', position: { x: 0, y: 0 }, role: 'visible' },
      { id: nodeId('v2'), kind: 'unit', label: 'v2', position: { x: 100, y: 0 }, role: 'visible' },
      { id: nodeId('h1'), kind: 'unit', label: 'h1', position: { x: 50, y: 120 }, role: 'hidden' },
    ],
    edges: [
      { id: edgeId('e12'), kind: 'coupling', source: nodeId('v1'), target: nodeId('v2') },
      { id: edgeId('e1h'), kind: 'coupling', source: nodeId('v1'), target: nodeId('h1') },
      { id: edgeId('e2h'), kind: 'coupling', source: nodeId('v2'), target: nodeId('h1') },
    ],
    ...(parameters ? { parameters } : {}),
  };
}

/** Parameters that fit smallDiagram(): one 1×1 weight per edge, one bias per unit. */
export function smallParameters(scale = 1): DiagramParameters {
  const block = (v: number) => ({ shape: [1, 1], values: [v * scale] });
  const bias = (v: number) => ({ shape: [1], values: [v * scale] });
  return {
    weights: { e12: block(0.5), e1h: block(-0.25), e2h: block(0.125) },
    biases: { v1: bias(0.1), v2: bias(-0.1), h1: bias(0) },
  };
}

export function snapshot(diagrams: Diagram[], runs: RunSummary[] = []): ProjectSnapshot {
  return {
    path: null,
    name: 'Test project',
    dirty: false,
    readOnly: false,
    diagrams,
    datasets: [{ id: 'xor', name: 'XOR', width: 3, rowCount: 4, preview: ['000', '110', '011', '101'] }],
    runs,
  };
}

export function run(id: string, patch: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    kind: 'train',
    activeSeconds: 0,
    diagramId: 'd1',
    datasetId: 'xor',
    algorithm: 'boltzmann-exact',
    config: { learningRate: 0.2 },
    seed: 1,
    backend: 'cpu',
    status: 'running',
    startedAt: 1000,
    totalSteps: 10,
    lastStep: 0,
    metrics: [],
    ...patch,
  };
}

/** Deterministic ids: n1, n2, … and e1, e2, … */
export function counterIds(): (prefix: string) => string {
  const counts = new Map<string, number>();
  return (prefix) => {
    const n = (counts.get(prefix) ?? 0) + 1;
    counts.set(prefix, n);
    return `${prefix}${n}`;
  };
}
