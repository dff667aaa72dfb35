#!/usr/bin/env node
// Runs every suite (typecheck, lint, build, unit, e2e) and ends with one line: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';

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

// The unit suite runs with a CPU hog beside it, once per run: proof that no test depends on an idle machine
// (timing belongs in npm run bench). ATTRACTOR_NO_HOG=1 skips the hog, e.g. to time the suite.
function withHog(run) {
  if (process.env.ATTRACTOR_NO_HOG === '1') return run();
  // It spins, and every ~0.1 s checks that this process still lives, so an interrupted run leaves no hog behind.
  const spin = `const parent = ${process.pid}; for (;;) { for (let i = 0; i < 5e7; i++); try { process.kill(parent, 0); } catch { process.exit(0); } }`;
  const hog = spawn(process.execPath, ['-e', spin], { stdio: 'ignore' });
  process.stderr.write(`=== a CPU hog (pid ${hog.pid}) runs beside the unit suite\n`);
  try {
    return run();
  } finally {
    hog.kill('SIGKILL');
  }
}

function vitestProject(project, hog) {
  const report = `test-results/vitest-${project}.json`;
  rmSync(report, { force: true });
  const run = () => step(`vitest ${project}`, 'npx', [
    'vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`,
  ]);
  const ok = hog ? withHog(run) : run();
  let counted = 0;
  if (existsSync(report)) {
    const json = JSON.parse(readFileSync(report, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    counted = json.numFailedTests;
    // A suite that failed to load reports no tests: count it as a failure.
    const brokenFiles = json.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
    failed += brokenFiles.length;
    counted += brokenFiles.length;
    for (const file of brokenFiles) process.stderr.write(`suite failed to load: ${file.name}\n${file.message ?? ''}\n`);
  } else {
    failed += 1;
    counted = 1;
  }
  if (!ok && counted === 0) failed += 1;
}

// Every temporary folder of ours starts with attractor-; one the suites leave behind counts as a failure.
const ours = () => new Set(readdirSync(tmpdir()).filter((name) => name.startsWith('attractor-')));
const tempBefore = ours();

vitestProject('unit', true);
vitestProject('e2e', false);

const leftovers = [...ours()].filter((name) => !tempBefore.has(name));
process.stderr.write(`\n=== temporary folders left in ${tmpdir()}: ${leftovers.length === 0 ? 'none' : leftovers.join(', ')}\n`);
countCheck(leftovers.length === 0);

const line = `${passed} passed, ${failed} failed`;
writeFileSync('test-results/summary.txt', `${line}\n`);
console.log(line);
process.exit(failed === 0 ? 0 : 1);
