import { Thumbnails } from '../datasets/Thumbnails';
import type { ClassifyOutcome } from './useClassifyRun';

interface MisclassifiedExamplesProps {
  outcome: ClassifyOutcome;
  width: number;
  imageShape?: { rows: number; cols: number };
}

/** The first misclassified rows as images (strips when the data has no image shape), each with true and predicted class. */
export function MisclassifiedExamples({ outcome, width, imageShape }: MisclassifiedExamplesProps) {
  const { examples, result, request } = outcome;
  const names = request.classes.map((c) => c.name);
  if (result.errors === 0) return <p className="hint" data-testid="classify-no-errors">Every row is classified correctly.</p>;
  return (
    <div className="classify-examples" data-testid="classify-examples">
      <h4>
        Misclassified {examples.length < result.errors ? `(first ${examples.length} of ${result.errors})` : `(${result.errors})`}
      </h4>
      <ul>
        {examples.map((e) => (
          <li key={e.row} data-testid="classify-example" data-row={e.row} data-true={names[e.trueClass]} data-predicted={names[e.predictedClass]}>
            <Thumbnails rows={[e.bits]} width={width} imageShape={imageShape} maxWidth={imageShape ? 56 : 160} tilePx={48} label={`Row ${e.row + 1}: ${names[e.trueClass]}, predicted ${names[e.predictedClass]}`} />
            <span className="classify-example-labels">
              <span title="true class">{names[e.trueClass]}</span> → <span className="predicted" title="predicted class">{names[e.predictedClass]}</span>
            </span>
            <span className="muted">row {e.row + 1}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
