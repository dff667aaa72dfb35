/** Entry of the probe worker thread: answers each ProbeRequest from main with one ProbeReply, one at a time. */
import { parentPort } from 'node:worker_threads';
import { selectBackend } from '../../engine/backend/selectBackend';
import { compile } from '../../engine/compiler/compile';
import { exactStateTable } from '../../engine/exact/stateTable';
import { computeTrajectory } from '../../engine/trajectory/computeTrajectory';
import { EXACT_TABLE_MAX_ROWS } from '../api/contract';
import { unitNames } from '../jobs/methods/exactShared';
import type { ProbeJob, ProbeReply, ProbeRequest, ProbeResults } from './probeMessages';

const port = parentPort;
if (!port) throw new Error('probeWorker must run in a worker thread.');

async function run(job: ProbeJob): Promise<ProbeResults[keyof ProbeResults]> {
  const compiled = compile(job.diagram);
  if (!compiled.ok) throw new Error(`The diagram does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const model = compiled.model;
  if (job.kind === 'exact') {
    const table = exactStateTable(model, job.parameters, { data: job.dataset, maxRows: EXACT_TABLE_MAX_ROWS });
    return { unitNames: unitNames(model), ...table };
  }
  return computeTrajectory(model, job.parameters, job.request);
}

// Requests are answered in order: a request arriving while one runs waits for it.
let tail: Promise<void> = Promise.resolve();
let backend: Promise<string> | undefined;
port.on('message', (request: ProbeRequest) => {
  tail = tail.then(async () => {
    let reply: ProbeReply;
    try {
      // A failed selection is not kept: the next request tries again.
      await (backend ??= selectBackend(request.preferredBackend).catch((error: unknown) => {
        backend = undefined;
        throw error;
      }));
      reply = { id: request.id, ok: true, value: await run(request.job) };
    } catch (error) {
      // The engine refuses input beyond its limits with a RangeError naming the limit; anything else is a fault.
      const code = error instanceof RangeError ? 'invalid-argument' : 'internal';
      reply = { id: request.id, ok: false, code, message: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
  });
});
