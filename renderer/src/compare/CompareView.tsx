// TEMPORARY STUB (issue 7 in progress): the compare view replaces this file.
export function CompareView() {
  return <p className="hint">Not built yet.</p>;
}
