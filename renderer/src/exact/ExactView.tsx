// TEMPORARY STUB (issue 7 in progress): the exact view replaces this file.
export function ExactView() {
  return <p className="hint">Not built yet.</p>;
}
