import type { WeightBlock } from '../../compiler/types';

/**
 * Independent sets of the coupling graph (no weight block couples two units of one set), in update order.
 * Updating a set at once equals updating its units one after another, so a sequential mean-field sweep costs one
 * batched product per set. Found on atomic index segments (cut at every block boundary), never on the N×N graph:
 * a segment no block couples to itself takes one colour for all its units, a self-coupled segment one per unit.
 */
export function couplingClasses(unitCount: number, blocks: readonly WeightBlock[]): number[][] {
  const cuts = new Set<number>([0, unitCount]);
  for (const b of blocks) {
    for (const r of [b.rows, b.cols]) {
      cuts.add(r.start);
      cuts.add(r.end);
    }
  }
  const bounds = [...cuts].filter((x) => x >= 0 && x <= unitCount).sort((a, b) => a - b);
  const segments = bounds.slice(0, -1).map((start, k) => ({ start, end: bounds[k + 1] })).filter((s) => s.end > s.start);
  const within = (s: { start: number; end: number }, r: { start: number; end: number }): boolean => s.start >= r.start && s.end <= r.end;

  const neighbours = segments.map(() => new Set<number>());
  const selfCoupled = segments.map(() => false);
  for (const b of blocks) {
    const rowSegs = segments.flatMap((s, k) => (within(s, b.rows) ? [k] : []));
    const colSegs = segments.flatMap((s, k) => (within(s, b.cols) ? [k] : []));
    for (const r of rowSegs) {
      for (const c of colSegs) {
        if (r === c) {
          // A segment lying in both ranges couples pairs of its own units (i ≠ j) when it holds more than one.
          if (segments[r].end - segments[r].start > 1) selfCoupled[r] = true;
        } else {
          neighbours[r].add(c);
          neighbours[c].add(r);
        }
      }
    }
  }

  const coloursOf: number[][] = segments.map(() => []);
  for (let k = 0; k < segments.length; k++) {
    const taken = new Set<number>();
    for (const n of neighbours[k]) for (const c of coloursOf[n]) taken.add(c);
    const needed = selfCoupled[k] ? segments[k].end - segments[k].start : 1;
    for (let c = 0; coloursOf[k].length < needed; c++) if (!taken.has(c)) coloursOf[k].push(c);
  }

  const classes: number[][] = [];
  segments.forEach((s, k) => {
    for (let i = s.start; i < s.end; i++) {
      const colour = selfCoupled[k] ? coloursOf[k][i - s.start] : coloursOf[k][0];
      (classes[colour] ??= []).push(i);
    }
  });
  return classes.filter((c) => c !== undefined && c.length > 0).map((c) => c.sort((a, b) => a - b));
}
