import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppServices } from '../services/appServices';
import { startWebServer } from './server';

/** Browser mode: services + web server; prints the one line with the URL; closes projects on SIGINT/SIGTERM. */
async function serve(): Promise<void> {
  const dataDir = process.env.ATTRACTOR_DATA_DIR || join(homedir(), '.attractor-studio');
  const port = Number(process.env.ATTRACTOR_PORT ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`ATTRACTOR_PORT must be a port number (0 = any free port); got '${process.env.ATTRACTOR_PORT}'.`);
  }
  const staticDir = process.env.ATTRACTOR_RENDERER_DIR || fileURLToPath(new URL('../../out/renderer', import.meta.url));
  const services = createAppServices({ mode: 'browser', dataDir });
  const server = await startWebServer({ services, staticDir, port });
  console.log(`Attractor Studio (browser mode): ${server.url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`${signal}: closing the project and stopping the server…\n`);
    void server
      .close()
      .then(() => services.dispose())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

serve().catch((error: unknown) => {
  console.error(`Attractor Studio could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
