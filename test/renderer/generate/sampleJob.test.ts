import { describe, expect, it } from 'vitest';
import type { ApiResult, AttractorApi, RunSummary } from '../../../main/api/contract';
import { waitForRun } from '../../../renderer/src/generate/sampleJob';
import { run } from '../fixtures';

/** An API whose run:get answers from `answer` and whose run:ended listeners can be fired; counts polls and listeners. */
function fakeApi(answer: () => ApiResult<RunSummary>) {
  const listeners = new Set<(payload: { run: RunSummary }) => void>();
  const counts = { polls: 0 };
  const api = {
    call: async () => {
      counts.polls++;
      return answer();
    },
    on: (_event: string, listener: (payload: { run: RunSummary }) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as AttractorApi;
  return { api, listeners, counts, end: (r: RunSummary) => [...listeners].forEach((l) => l({ run: r })) };
}

describe('waitForRun', () => {
  it('resolves on the run:ended event of its run and unsubscribes', async () => {
    const fake = fakeApi(() => ({ ok: true, value: run('r1', { status: 'running' }) }));
    const waiting = waitForRun(fake.api, 'r1', 5);
    fake.end(run('other', { status: 'completed' }));
    fake.end(run('r1', { status: 'completed' }));
    expect((await waiting).status).toBe('completed');
    expect(fake.listeners.size).toBe(0);
  });

  it('resolves when a poll finds the run ended', async () => {
    let status: RunSummary['status'] = 'running';
    const fake = fakeApi(() => ({ ok: true, value: run('r1', { status }) }));
    const waiting = waitForRun(fake.api, 'r1', 5);
    setTimeout(() => (status = 'cancelled'), 20);
    expect((await waiting).status).toBe('cancelled');
  });

  it('gives up with the reason when run:get keeps failing (run deleted, project closed), and stops polling', async () => {
    const fake = fakeApi(() => ({ ok: false, error: { code: 'not-found', message: 'no run r1' } }) as ApiResult<RunSummary>);
    await expect(waitForRun(fake.api, 'r1', 5)).rejects.toThrow(/Lost track of run r1: no run r1/);
    const polls = fake.counts.polls;
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.counts.polls).toBe(polls);
    expect(fake.listeners.size).toBe(0);
  });

  it('rejects with an AbortError when its signal aborts, and stops polling', async () => {
    const fake = fakeApi(() => ({ ok: true, value: run('r1', { status: 'running' }) }));
    const abort = new AbortController();
    const waiting = waitForRun(fake.api, 'r1', 5, abort.signal);
    abort.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const polls = fake.counts.polls;
    await new Promise((r) => setTimeout(r, 30));
    expect(fake.counts.polls).toBe(polls);
    await expect(waitForRun(fake.api, 'r1', 5, abort.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });
});
