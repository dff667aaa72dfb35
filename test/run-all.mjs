#!/usr/bin/env node
// Runs every suite (typecheck, lint, build, unit, e2e) and ends with one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
let passed = 0;
let failed = 0;

function step(name, command, args) {
  const started = Date.now();
  process.stderr.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  process.stderr.write(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${result.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return ok;
}

function countCheck(ok) {
  if (ok) passed += 1;
  else failed += 1;
}

countCheck(step('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']));
countCheck(step('lint', 'npx', ['eslint', '.']));
const built = step('build', 'npx', ['electron-vite', 'build']);
countCheck(built);

const report = 'test-results/vitest.json';
const vitestOk = step('vitest', 'npx', [
  'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
]);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // A suite that failed to load reports no tests: count it as a failure.
  const brokenFiles = json.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  failed += brokenFiles.length;
  for (const file of brokenFiles) process.stderr.write(`suite failed to load: ${file.name}\n${file.message ?? ''}\n`);
} else {
  failed += 1;
}
if (!vitestOk && failed === 0) failed += 1;

const line = `${passed} passed, ${failed} failed`;
writeFileSync('test-results/summary.txt', `${line}\n`);
console.log(line);
process.exit(failed === 0 ? 0 : 1);
