// TEMPORARY STUB (issue 7 in progress): the dynamics view replaces this file.
export function DynamicsView() {
  return <p className="hint">Not built yet.</p>;
}
