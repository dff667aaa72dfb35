// Worker bootstrap used when running from source (tests, web server, CLI): registers tsx, then loads the .ts entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.tsxEntry);
