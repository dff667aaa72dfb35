import { memo, useMemo, useState } from 'react';
import type { ExactTableResult } from '../../../main/api/contract';
import { DEFAULT_SORT, formatProbability, nextSort, sortStates, type StateSort, type StateSortKey } from './exactRows';

/** Rows per page: a model of up to 8 units fits on one. */
export const PAGE_SIZE = 256;

interface StateTableProps {
  table: ExactTableResult;
  /** 'pm1' shows ±1 unit values, 'binary01' 0/1. */
  encoding: 'pm1' | 'binary01';
  /** Label of the energy column ('H(s)', or '−ln P(s)' for belief networks). */
  energyLabel: string;
}

const arrow = (sort: StateSort, key: StateSortKey) => (sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : '');

/** Every enumerated state: one cell per unit (visible units marked), H(s) and P(s), sortable by column, paged. */
export const StateTable = memo(function StateTable({ table, encoding, energyLabel }: StateTableProps) {
  const [sort, setSort] = useState<StateSort>(DEFAULT_SORT);
  const [page, setPage] = useState(0);
  const sorted = useMemo(() => sortStates(table.states, sort), [table, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const current = Math.min(page, pages - 1);
  const shown = sorted.slice(current * PAGE_SIZE, (current + 1) * PAGE_SIZE);
  const visible = useMemo(() => new Set(table.visibleIndices), [table]);
  const off = encoding === 'pm1' ? '−1' : '0';
  const on = encoding === 'pm1' ? '+1' : '1';
  const header = (key: StateSortKey, label: string) => (
    <button type="button" className="exact-sort" data-testid={`exact-sort-${key}`} onClick={() => setSort((s) => nextSort(s, key))}>
      {label}
      {arrow(sort, key)}
    </button>
  );
  return (
    <div className="exact-table-wrap">
      <div className="exact-pager">
        <span>
          {sorted.length === 0 ? 'No states' : `States ${current * PAGE_SIZE + 1}–${current * PAGE_SIZE + shown.length} of ${sorted.length.toLocaleString('en-US')}`}
          {table.totalStates > sorted.length && ` shown (the ${sorted.length.toLocaleString('en-US')} most probable of ${table.totalStates.toLocaleString('en-US')})`}
        </span>
        {pages > 1 && (
          <>
            <button type="button" aria-label="Previous page" disabled={current === 0} onClick={() => setPage(current - 1)}>
              ‹
            </button>
            <span>
              page {current + 1} / {pages}
            </span>
            <button type="button" aria-label="Next page" disabled={current === pages - 1} onClick={() => setPage(current + 1)}>
              ›
            </button>
          </>
        )}
      </div>
      <table className="exact-table" data-testid="exact-table">
        <thead>
          <tr>
            <th>{header('state', '#')}</th>
            {table.unitNames.map((name, i) => (
              <th key={i} className={visible.has(i) ? 'unit visible' : 'unit hidden'} title={visible.has(i) ? 'visible unit' : 'hidden unit'}>
                {name}
              </th>
            ))}
            <th>{header('energy', energyLabel)}</th>
            <th>{header('probability', 'P(s)')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row, k) => (
            <tr key={row.state} data-testid="exact-state-row" data-probability={row.probability} data-energy={row.energy}>
              <td className="rank">{current * PAGE_SIZE + k + 1}</td>
              {Array.from(row.state, (bit, i) => (
                <td key={i} className={bit === '1' ? 'bit on' : 'bit off'}>
                  {bit === '1' ? on : off}
                </td>
              ))}
              <td className="number">{row.energy.toFixed(4)}</td>
              <td className="number">{formatProbability(row.probability)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
});
