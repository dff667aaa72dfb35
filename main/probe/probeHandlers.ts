/**
 * The probe:* channels: exact enumeration of a small model and recorded trajectories of its dynamics. Main reads and
 * checks the stored diagram (and dataset) and the worker computes, so the main event loop stays free.
 */
import { compile } from '../../engine/compiler/compile';
import type { CompiledModel } from '../../engine/compiler/types';
import type { BinaryDataset } from '../../engine/data/dataset';
import type { Diagram } from '../../engine/diagram/types';
import { stateTableRefusal } from '../../engine/exact/stateTable';
import type { TrajectoryRequest } from '../api/contract';
import { argObject, argString, type ChannelHandlers } from '../services/channelArgs';
import { ServiceError } from '../services/errors';
import { datasetPart } from '../services/jobInputs';
import type { RunHost } from '../services/runHost';
import { checkDatasetFits, describeDiagnostics } from '../services/trainingInputs';
import { checkTrajectoryRequest, storedParameters } from './probeInputs';
import { ProbeWorker, type ProbeWorkerOptions } from './probeWorkerHost';

/** The channels this service implements. */
export type ProbeChannel = 'probe:exact' | 'probe:trajectory';

/** The probe channels and the worker behind them. */
export interface ProbeService {
  handlers: ChannelHandlers<ProbeChannel>;
  /** Stops the worker; probes still running fail with 'cancelled'. */
  dispose(): Promise<void>;
}

function compileForProbe(diagram: Diagram): CompiledModel {
  const result = compile(diagram);
  if (result.ok) return result.model;
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  throw new ServiceError('invalid-diagram', `Diagram '${diagram.name}' must compile before it can be probed: ${describeDiagnostics(errors.length ? errors : result.diagnostics)}.`);
}

/** Reads a stored diagram and, when asked, a dataset of the open project, alongside other reads. */
async function readInputs(host: RunHost, diagramId: string, datasetId?: string): Promise<{ diagram: Diagram; dataset?: BinaryDataset }> {
  const project = host.requireProject();
  return host.alongside(project, async (store) => {
    const diagram = (await store.listDiagrams()).find((d) => d.id === diagramId);
    if (!diagram) throw new ServiceError('not-found', `No diagram with id '${diagramId}' in this project.`);
    if (datasetId === undefined) return { diagram };
    const dataset = await store.getDataset(datasetId);
    if (!dataset) throw new ServiceError('not-found', `No dataset with id '${datasetId}' in this project.`);
    return { diagram, dataset };
  });
}

/**
 * probe:exact enumerates the stored diagram's model with its stored parameters; with a dataset, its training rows (all
 * rows without a split — the rows training measured KL on) give P_data and KL(P_data‖P_model). probe:trajectory records
 * one run of the model's dynamics. Both refuse an untrained diagram.
 */
export function createProbeService(host: RunHost, options: ProbeWorkerOptions = {}): ProbeService {
  const worker = new ProbeWorker(options);
  return {
    handlers: {
      'probe:exact': async (arg) => {
        const diagramId = argString(arg, 'probe:exact', 'diagramId');
        const rawDatasetId = (arg as { datasetId?: unknown }).datasetId;
        if (rawDatasetId !== undefined && rawDatasetId !== null && typeof rawDatasetId !== 'string') {
          throw new ServiceError('invalid-argument', 'probe:exact datasetId must be a string (or left out).');
        }
        const datasetId = rawDatasetId || undefined;
        const { diagram, dataset } = await readInputs(host, diagramId, datasetId);
        const model = compileForProbe(diagram);
        const refusal = stateTableRefusal(model);
        if (refusal) throw new ServiceError('invalid-argument', `${refusal}: the Generate and Compare views sample larger models instead.`);
        const parameters = storedParameters(model, diagram.name);
        let rows: BinaryDataset | undefined;
        if (dataset) {
          rows = datasetPart(dataset, 'train');
          checkDatasetFits(model, rows, diagram.name);
        }
        return worker.run({ kind: 'exact', diagram, parameters, ...(rows ? { dataset: rows } : {}) });
      },
      'probe:trajectory': async (arg) => {
        const request = argObject<TrajectoryRequest>(arg, 'probe:trajectory', 'TrajectoryRequest');
        const diagramId = argString(request, 'probe:trajectory', 'diagramId');
        const { diagram } = await readInputs(host, diagramId);
        const model = compileForProbe(diagram);
        const checked = checkTrajectoryRequest(model, request);
        const parameters = storedParameters(model, diagram.name);
        return worker.run({ kind: 'trajectory', diagram, parameters, request: checked });
      },
    },
    dispose: () => worker.dispose(),
  };
}
