import { rowShares } from './classification';

interface ConfusionMatrixProps {
  names: string[];
  counts: number[];
}

/** Rows: true class, columns: predicted class; each cell shaded by its share of the row (row-normalised). */
export function ConfusionMatrix({ names, counts }: ConfusionMatrixProps) {
  const c = names.length;
  const shares = rowShares(counts, c);
  return (
    <table className="classify-confusion" data-testid="classify-confusion">
      <caption>Rows: true class · columns: predicted class · shading: share of the row</caption>
      <thead>
        <tr>
          <th scope="col">true ╲ predicted</th>
          {names.map((name) => (
            <th key={name} scope="col">
              {name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map((name, t) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            {names.map((_, p) => {
              const share = shares[t * c + p];
              return (
                <td
                  key={p}
                  className={t === p ? 'diagonal' : 'off-diagonal'}
                  data-testid={`classify-cell-${t}-${p}`}
                  data-count={counts[t * c + p]}
                  title={`${counts[t * c + p]} rows of ${name} predicted ${names[p]} (${(100 * share).toFixed(1)} % of the row)`}
                  style={{ ['--share' as string]: share.toFixed(3) }}
                >
                  {counts[t * c + p]}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
