import { describe, expect, it } from 'vitest';
import { s3ObjectKey } from './s3-object-key.ts';

describe('s3ObjectKey', () => {
  it('files a batch under its prefix and UTC day', () => {
    expect(s3ObjectKey('gateway/logs', new Date('2025-03-04T05:06:07.089Z'), 'b1')).toBe('gateway/logs/2025-03-04/050607089-b1.jsonl');
    expect(s3ObjectKey('', new Date('2025-03-04T23:59:59.999Z'), 'b2')).toBe('2025-03-04/235959999-b2.jsonl');
  });
});
