// TEMPORARY STUB (issue 7 in progress): the inside view replaces this file.
export function InsideView() {
  return <p className="hint">Not built yet.</p>;
}
