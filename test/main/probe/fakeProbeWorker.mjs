// A stand-in probe worker for ProbeWorker's tests: 'echo' answers with the job, 'fail' replies with an error, 'exit' dies.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', (request) => {
  const { id, job } = request;
  if (job.kind === 'exit') process.exit(3);
  if (job.kind === 'fail') parentPort.postMessage({ id, ok: false, code: 'invalid-argument', message: 'refused by the worker' });
  else setTimeout(() => parentPort.postMessage({ id, ok: true, value: { echo: job.value } }), job.delayMs ?? 0);
});
