// TEMPORARY STUB (issue 7 in progress): the generate view replaces this file.
export function GenerateView() {
  return <p className="hint">Not built yet.</p>;
}
