// TEMPORARY STUB (issue 7 in progress): the charts view replaces this file.
export function ChartsView() {
  return <p className="hint">Not built yet.</p>;
}
