import type { DatasetSummary } from '../../../main/api/contract';

interface DatasetSelectProps {
  label: string;
  testId: string;
  datasets: readonly DatasetSummary[];
  value: string;
  onChange(datasetId: string): void;
}

/** A labelled select of datasets shown as "name — rows × width", for the views that read one. */
export function DatasetSelect({ label, testId, datasets, value, onChange }: DatasetSelectProps) {
  return (
    <label>
      {label}{' '}
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} disabled={datasets.length === 0}>
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name} — {d.rowCount} × {d.width}
          </option>
        ))}
      </select>
    </label>
  );
}
