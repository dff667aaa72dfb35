#!/usr/bin/env node
// The `attractor` command: registers tsx so the TypeScript sources run directly, then hands over to cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');
const code = await runCli(process.argv.slice(2));
process.exit(code);
