/**
 * Indices of the `limit` largest values of `scores` (ties: the lower index first), largest first. A min-heap of the best
 * seen so far, so that 2^24 scores take one pass rather than a full sort.
 */
export function topIndices(scores: ArrayLike<number>, limit: number): number[] {
  const size = Math.min(limit, scores.length);
  if (size <= 0) return [];
  // heap[0] is the worst kept index: smallest score, then largest index.
  const worse = (a: number, b: number) => scores[a] < scores[b] || (scores[a] === scores[b] && a > b);
  const heap: number[] = [];
  const siftDown = (at: number) => {
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let least = at;
      if (left < heap.length && worse(heap[left], heap[least])) least = left;
      if (right < heap.length && worse(heap[right], heap[least])) least = right;
      if (least === at) return;
      [heap[at], heap[least]] = [heap[least], heap[at]];
      at = least;
    }
  };
  for (let k = 0; k < scores.length; k++) {
    if (heap.length < size) {
      heap.push(k);
      for (let at = heap.length - 1; at > 0; ) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at], heap[parent])) break;
        [heap[at], heap[parent]] = [heap[parent], heap[at]];
        at = parent;
      }
    } else if (worse(heap[0], k)) {
      heap[0] = k;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
