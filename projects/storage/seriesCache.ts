/**
 * Downsampled metric series recently served, kept until their run's metrics change. Listings (project:get, run:list,
 * run:get) ask for the same series of every run on each call; a finished run's never changes. Only the connection that
 * holds the writer lock may use it: it sees every write, so it knows when to drop an entry; a read-only opener does not.
 */
import type { MetricRange, StoredMetric } from '../types';

/** Series kept (about 1000 points each). */
const MAX_ENTRIES = 64;

const copy = (metrics: StoredMetric[]): StoredMetric[] => metrics.map((metric) => ({ step: metric.step, values: { ...metric.values } }));

export class SeriesCache {
  /** Bumped after each write that changes a run's metrics; an entry computed under an older one is stale. */
  private readonly generations = new Map<string, number>();
  /** In least-recently-used order. */
  private readonly entries = new Map<string, { runId: string; generation: number; metrics: StoredMetric[] }>();

  /** Marks a run's series changed (call once the write has committed). */
  invalidate(runId: string): void {
    this.generations.set(runId, (this.generations.get(runId) ?? 0) + 1);
    for (const [key, entry] of this.entries) if (entry.runId === runId) this.entries.delete(key);
  }

  /** The cached series of `range`, or `compute()`'s, kept unless the run changed while it ran. */
  async get(runId: string, range: MetricRange, compute: () => Promise<StoredMetric[]>): Promise<StoredMetric[]> {
    const key = JSON.stringify([runId, range.fromStep ?? null, range.toStep ?? null, range.maxPoints ?? null]);
    const generation = this.generations.get(runId) ?? 0;
    const hit = this.entries.get(key);
    if (hit && hit.generation === generation) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return copy(hit.metrics);
    }
    const metrics = await compute();
    if ((this.generations.get(runId) ?? 0) === generation) {
      this.entries.set(key, { runId, generation, metrics: copy(metrics) });
      for (const oldest of this.entries.keys()) {
        if (this.entries.size <= MAX_ENTRIES) break;
        this.entries.delete(oldest);
      }
    }
    return metrics;
  }
}
