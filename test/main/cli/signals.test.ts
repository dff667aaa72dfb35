import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteDatabase } from '../../../projects/storage/db';
import { lockPath } from '../../../projects/storage/fileFormat';
import { openProject } from '../../../projects/storage/openProject';
import type { StoredRun } from '../../../projects/types';
import { tempDirsPerTest } from '../helpers';
import { attractor, type SpawnOutcome } from './spawnCli';

// Repeated and simultaneous Ctrl-C on a real `attractor train` process: the first cancels the run, the rest are ignored
// until the run's end is stored and the project closed (main/cli/stopSignals.ts).

const scratch = tempDirsPerTest('cli-signals');

async function xorProject(): Promise<string> {
  const file = join(scratch(), 'signals.attractor');
  const created = await attractor(['project', 'new', file, '--example', 'xor-boltzmann']);
  expect(created.code, created.stderr).toBe(0);
  return file;
}

/** The stored run, read without changing the file (undefined while the file is not readable yet). */
async function storedRun(file: string): Promise<{ run: StoredRun; checkpoints: number } | undefined> {
  const reader = await openProject(file, { readOnly: true }).catch(() => undefined);
  if (!reader) return undefined;
  try {
    const [run] = await reader.listRuns();
    return run && { run, checkpoints: (await reader.listCheckpoints(run.id)).length };
  } finally {
    await reader.close();
  }
}

async function integrityCheck(file: string): Promise<string[]> {
  const db = await SqliteDatabase.open(file, 'readonly');
  try {
    return (await db.all<{ integrity_check: string }>('PRAGMA integrity_check')).map((row) => row.integrity_check);
  } finally {
    await db.close();
  }
}

/** Trains until the file holds the running run with a checkpoint, then calls `signal` on the child; resolves to its exit. */
function trainThenSignal(file: string, signal: (child: ReturnType<typeof spawn>) => Promise<void>): Promise<SpawnOutcome> {
  const args = ['train', file, '--data', 'xor', '--algorithm', 'boltzmann-exact', '--epochs', '10000000', '--checkpoint-every', '20'];
  return attractor(args, async (child) => {
    try {
      // Generous: the child may take many seconds to start on a loaded machine; the test's own timeout bounds the wait.
      for (;;) {
        await new Promise((wait) => setTimeout(wait, 100));
        if (child.exitCode !== null) return;
        const stored = await storedRun(file);
        if (stored?.run.status === 'running' && stored.checkpoints >= 1) break;
      }
      await signal(child);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
  });
}

async function expectConsistentAfterSignals(file: string, outcome: SpawnOutcome): Promise<void> {
  expect(outcome.code, outcome.stderr).toBe(130);
  expect(JSON.parse(outcome.stdout).status).toBe('cancelled');
  expect(existsSync(lockPath(file))).toBe(false);
  expect(await integrityCheck(file)).toEqual(['ok']);
  const stored = await storedRun(file);
  expect(stored?.run.status).toBe('cancelled');
  // Nothing left for the next writer to repair: reopening for writing marks no run interrupted.
  const writer = await openProject(file);
  try {
    expect(await writer.markInterruptedRuns()).toBe(0);
  } finally {
    await writer.close();
  }
}

describe('signals on attractor train FILE.attractor', () => {
  it('two SIGINTs 0.2 s apart: cancelled, exit 130, no lock file, integrity_check ok', async () => {
    const file = await xorProject();
    const outcome = await trainThenSignal(file, async (child) => {
      child.kill('SIGINT');
      await new Promise((wait) => setTimeout(wait, 200));
      child.kill('SIGINT');
    });
    await expectConsistentAfterSignals(file, outcome);
  });

  it('two SIGINTs at once, then a SIGTERM: the same consistent end', async () => {
    const file = await xorProject();
    const outcome = await trainThenSignal(file, async (child) => {
      child.kill('SIGINT');
      child.kill('SIGINT');
      child.kill('SIGTERM');
    });
    await expectConsistentAfterSignals(file, outcome);
  });

  it('a SIGINT every 25 ms until it exits (one lands while it stores the end and closes): the same consistent end', async () => {
    const file = await xorProject();
    const outcome = await trainThenSignal(file, async (child) => {
      while (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGINT');
        await new Promise((wait) => setTimeout(wait, 25));
      }
    });
    await expectConsistentAfterSignals(file, outcome);
  });
});

describe('runs of a dead process', () => {
  it('show as interrupted in project info (read-only, nothing written) and are stored so by data import', async () => {
    const file = await xorProject();
    // A run left 'running' by a process killed with SIGKILL: no signal handler can run, so only the next open can tell.
    const outcome = await trainThenSignal(file, async (child) => void child.kill('SIGKILL'));
    expect(outcome.code).toBe(null);
    expect(existsSync(lockPath(file))).toBe(true);
    expect((await storedRun(file))?.run.status).toBe('running');

    const info = await attractor(['project', 'info', file]);
    expect(info.code, info.stderr).toBe(0);
    expect(JSON.parse(info.stdout).runs[0]).toMatchObject({ status: 'interrupted', storedStatus: 'running' });
    expect((await storedRun(file))?.run.status).toBe('running');

    const csv = join(scratch(), 'more.csv');
    await import('node:fs/promises').then((fs) => fs.writeFile(csv, '1,1,-1\n-1,1,1\n'));
    const imported = await attractor(['data', 'import', file, csv]);
    expect(imported.code, imported.stderr).toBe(0);
    expect((await storedRun(file))?.run.status).toBe('interrupted');
    const after = JSON.parse((await attractor(['project', 'info', file])).stdout);
    expect(after.runs[0].status).toBe('interrupted');
    expect(after.runs[0].storedStatus).toBeUndefined();
  });

  it('are left running in project info while their live process holds the lock', async () => {
    const file = await xorProject();
    const outcome = await trainThenSignal(file, async (child) => {
      const info = await attractor(['project', 'info', file]);
      expect(JSON.parse(info.stdout).runs[0]).toMatchObject({ status: 'running' });
      expect(JSON.parse(info.stdout).runs[0].storedStatus).toBeUndefined();
      child.kill('SIGINT');
    });
    expect(outcome.code, outcome.stderr).toBe(130);
  });
});
