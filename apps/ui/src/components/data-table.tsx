'use client';

import { useMemo, useState, type ReactNode } from 'react';
import { nextDirection, sortRows, type SortDirection, type SortValue } from '../lib/table-sort.ts';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** Makes the column sortable. */
  sortValue?: (row: T) => SortValue;
  align?: 'left' | 'right';
  className?: string;
}

/**
 * A table whose sortable headers are buttons (keyboard and screen-reader friendly, `aria-sort` on the
 * header). Sorting orders the rows on screen; pages come from the server.
 */
export function DataTable<T>({ columns, rows, rowKey, caption, empty, testId }: { columns: readonly Column<T>[]; rows: readonly T[]; rowKey: (row: T) => string; caption: string; empty: ReactNode; testId?: string }) {
  const [sort, setSort] = useState<{ column: string; direction: SortDirection } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.id === sort.column);
    return column?.sortValue ? sortRows(rows, column.sortValue, sort.direction) : rows;
  }, [rows, sort, columns]);

  if (rows.length === 0) return <div className="empty">{empty}</div>;
  return (
    <div className="table-wrap">
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.column === column.id;
              const ariaSort = active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : column.sortValue ? 'none' : undefined;
              return (
                <th key={column.id} scope="col" aria-sort={ariaSort} className={column.align === 'right' ? 'num' : undefined}>
                  {column.sortValue ? (
                    <button type="button" className="sort-button" onClick={() => setSort({ column: column.id, direction: nextDirection(sort, column.id) })}>
                      {column.header}
                      <span className="sort-mark" aria-hidden="true">
                        {active ? (sort.direction === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.id} className={[column.align === 'right' ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const PAGE_SIZES = [10, 25, 50, 100];

/** Previous/next paging; `totalPages` is unknown for logs (the API says only whether there is more). */
export function Pager({ page, totalPages, hasMore, size, onPage, onSize, label }: { page: number; totalPages?: number; hasMore?: boolean; size: number; onPage: (page: number) => void; onSize?: (size: number) => void; label: string }) {
  const canNext = totalPages !== undefined ? page < totalPages : Boolean(hasMore);
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" className="button-secondary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ← Previous
      </button>
      <span className="pager-status">{totalPages !== undefined ? `Page ${page} of ${Math.max(totalPages, 1)}` : `Page ${page}`}</span>
      <button type="button" className="button-secondary" disabled={!canNext} onClick={() => onPage(page + 1)}>
        Next →
      </button>
      {onSize && (
        <label className="pager-size">
          Rows per page
          <select value={size} onChange={(event) => onSize(Number(event.target.value))}>
            {PAGE_SIZES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
      )}
    </nav>
  );
}
