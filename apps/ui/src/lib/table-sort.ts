export type SortDirection = 'asc' | 'desc';
export type SortValue = string | number | boolean | null | undefined;

/**
 * Rows ordered by one column: numbers numerically, text by locale with numbers inside it ("key 2"
 * before "key 10"); empty values always last, whichever the direction. The sort is stable.
 */
export function sortRows<T>(rows: readonly T[], valueOf: (row: T) => SortValue, direction: SortDirection): T[] {
  const factor = direction === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row) }))
    .sort((a, b) => {
      const aEmpty = a.value === null || a.value === undefined || a.value === '';
      const bEmpty = b.value === null || b.value === undefined || b.value === '';
      if (aEmpty || bEmpty) return aEmpty === bEmpty ? a.index - b.index : aEmpty ? 1 : -1;
      let order: number;
      if (typeof a.value === 'number' && typeof b.value === 'number') order = a.value - b.value;
      else if (typeof a.value === 'boolean' && typeof b.value === 'boolean') order = Number(a.value) - Number(b.value);
      else order = collator.compare(String(a.value), String(b.value));
      return order === 0 ? a.index - b.index : order * factor;
    })
    .map(({ row }) => row);
}

export function nextDirection(current: { column: string; direction: SortDirection } | null, column: string): SortDirection {
  return current?.column === column && current.direction === 'asc' ? 'desc' : 'asc';
}
