import type { EdgeId, NodeId } from '../diagram/ids';

/** A directed link between two nodes. */
export interface Link {
  id: EdgeId;
  source: NodeId;
  target: NodeId;
}

/** One directed cycle: nodes in order (first node not repeated) and the links between them. */
export interface Cycle {
  nodeIds: NodeId[];
  edgeIds: EdgeId[];
}

function outgoing(nodes: NodeId[], links: Link[]): Map<NodeId, Link[]> {
  const out = new Map<NodeId, Link[]>(nodes.map((id) => [id, []]));
  for (const link of links) out.get(link.source)?.push(link);
  return out;
}

/** Strongly connected components with more than one node (Tarjan 1972), found iteratively. */
function cyclicComponents(nodes: NodeId[], out: Map<NodeId, Link[]>): NodeId[][] {
  const index = new Map<NodeId, number>();
  const low = new Map<NodeId, number>();
  const onStack = new Set<NodeId>();
  const stack: NodeId[] = [];
  const components: NodeId[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: NodeId; next: number }[] = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const links = out.get(frame.node) ?? [];
      if (frame.next < links.length) {
        const child = links[frame.next++].target;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: NodeId[] = [];
        let member: NodeId;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1) components.push(component);
      }
    }
  }
  return components;
}

/** Shortest cycle through `start` inside one component (breadth-first search back to start). */
function cycleThrough(start: NodeId, members: Set<NodeId>, out: Map<NodeId, Link[]>): Cycle {
  const via = new Map<NodeId, Link>();
  const queue: NodeId[] = [start];
  for (let head = 0; head < queue.length; head++) {
    for (const link of out.get(queue[head]) ?? []) {
      if (!members.has(link.target)) continue;
      if (link.target === start) {
        const path: Link[] = [link];
        for (let node = link.source; node !== start; node = via.get(node)!.source) path.unshift(via.get(node)!);
        return { nodeIds: path.map((l) => l.source), edgeIds: path.map((l) => l.id) };
      }
      if (!via.has(link.target)) {
        via.set(link.target, link);
        queue.push(link.target);
      }
    }
  }
  throw new Error('cycleThrough: start is not on a cycle of its component');
}

/** One cycle per cyclic component, starting at the component's earliest node in `nodes` order. Self-links are ignored. */
export function findCycles(nodes: NodeId[], links: Link[]): Cycle[] {
  const out = outgoing(nodes, links.filter((l) => l.source !== l.target));
  const order = new Map(nodes.map((id, i) => [id, i]));
  return cyclicComponents(nodes, out)
    .map((component) => component.sort((a, b) => order.get(a)! - order.get(b)!))
    .sort((a, b) => order.get(a[0])! - order.get(b[0])!)
    .map((component) => cycleThrough(component[0], new Set(component), out));
}

/** Depth of each node = longest path from a root (a node without parents); links must form a DAG. */
export function longestPathDepths(nodes: NodeId[], links: Link[]): Map<NodeId, number> {
  const out = outgoing(nodes, links);
  const indegree = new Map<NodeId, number>(nodes.map((id) => [id, 0]));
  for (const link of links) indegree.set(link.target, indegree.get(link.target)! + 1);
  const depth = new Map<NodeId, number>(nodes.map((id) => [id, 0]));
  const ready = nodes.filter((id) => indegree.get(id) === 0);
  for (let head = 0; head < ready.length; head++) {
    const node = ready[head];
    for (const link of out.get(node)!) {
      depth.set(link.target, Math.max(depth.get(link.target)!, depth.get(node)! + 1));
      const remaining = indegree.get(link.target)! - 1;
      indegree.set(link.target, remaining);
      if (remaining === 0) ready.push(link.target);
    }
  }
  if (ready.length !== nodes.length) throw new Error('longestPathDepths: links contain a cycle');
  return depth;
}
