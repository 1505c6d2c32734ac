import { describe, expect, it } from 'vitest';
import { nextDirection, sortRows } from './table-sort.ts';

describe('sortRows', () => {
  const rows = [
    { name: 'key 10', spend: 1 },
    { name: 'key 2', spend: null },
    { name: 'Key 1', spend: 3 },
    { name: '', spend: 2 },
  ];

  it('sorts text naturally and case-insensitively, empties last', () => {
    expect(sortRows(rows, (r) => r.name, 'asc').map((r) => r.name)).toEqual(['Key 1', 'key 2', 'key 10', '']);
    expect(sortRows(rows, (r) => r.name, 'desc').map((r) => r.name)).toEqual(['key 10', 'key 2', 'Key 1', '']);
  });

  it('sorts numbers numerically, empties last in both directions', () => {
    expect(sortRows(rows, (r) => r.spend, 'asc').map((r) => r.spend)).toEqual([1, 2, 3, null]);
    expect(sortRows(rows, (r) => r.spend, 'desc').map((r) => r.spend)).toEqual([3, 2, 1, null]);
  });

  it('is stable and leaves the input alone', () => {
    const same = [{ id: 1, v: 'a' }, { id: 2, v: 'a' }, { id: 3, v: 'a' }];
    expect(sortRows(same, (r) => r.v, 'desc').map((r) => r.id)).toEqual([1, 2, 3]);
    expect(rows[0]?.name).toBe('key 10');
  });
});

describe('nextDirection', () => {
  it('starts ascending and toggles on the same column', () => {
    expect(nextDirection(null, 'a')).toBe('asc');
    expect(nextDirection({ column: 'a', direction: 'asc' }, 'a')).toBe('desc');
    expect(nextDirection({ column: 'a', direction: 'desc' }, 'a')).toBe('asc');
    expect(nextDirection({ column: 'a', direction: 'asc' }, 'b')).toBe('asc');
  });
});
