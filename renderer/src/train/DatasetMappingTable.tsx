import type { DatasetMapping } from './datasetMapping';
import { columnsText } from './datasetMapping';

/** Which dataset columns go to which visible layer, in compiled order, with each mismatch and its fix in place. */
export function DatasetMappingTable({ mapping }: { mapping: DatasetMapping }) {
  return (
    <table className="dataset-mapping" data-testid="dataset-mapping">
      <tbody>
        {mapping.rows.map((row) => (
          <tr key={row.nodeId} className={row.problem ? 'bad' : 'ok'} data-testid={`mapping-${row.nodeId}`}>
            <td>{columnsText(row)}</td>
            <td aria-hidden>→</td>
            <td>
              {row.to > row.from ? 'layer' : 'unit'} {row.label}
              {row.imageShape ? ` (${row.imageShape.rows}×${row.imageShape.cols})` : ''}
            </td>
            <td className="mapping-check">
              {row.problem ? <span className="hint bad">✖ {row.problem}</span> : row.advice ? <span className="hint">ⓘ {row.advice}</span> : '✓'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
