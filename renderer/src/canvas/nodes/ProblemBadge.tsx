/** A problem marker on a faulty node: a warning triangle, so faults read without colour. */
export function ProblemBadge() {
  return (
    <span className="problem-badge" role="img" aria-label="has a problem" title="This element has a problem: see the Problems list">
      !
    </span>
  );
}
