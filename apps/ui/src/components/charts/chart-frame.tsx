import type { ReactNode, RefObject } from 'react';

export interface Datum {
  label: string;
  value: number;
}

/**
 * A chart's accessible frame: the figure caption names it, the SVG carries a one-sentence summary for
 * screen readers, and the same numbers are available as a table under "Show data".
 */
export function ChartFrame({ title, summary, children, table, testId, canvasRef }: { title: string; summary: string; children: ReactNode; table: { headers: readonly string[]; rows: ReadonlyArray<readonly string[]> }; testId?: string; canvasRef?: RefObject<HTMLDivElement | null> }) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-canvas" role="img" aria-label={`${title}. ${summary}`} ref={canvasRef}>
        {children}
      </div>
      <details className="chart-data">
        <summary>Show data</summary>
        <table className="data-table compact">
          <thead>
            <tr>
              {table.headers.map((header) => (
                <th key={header} scope="col">
                  {header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row, index) => (
              <tr key={index}>
                {row.map((cell, cellIndex) => (
                  <td key={cellIndex}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Margins around the plot, in CSS pixels (the left one holds the value axis labels). */
export const CHART = { height: 220, top: 12, right: 16, bottom: 30, left: 72 } as const;
