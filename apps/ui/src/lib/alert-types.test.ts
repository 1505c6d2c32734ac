import { describe, expect, it } from 'vitest';
import { RAISED_ALERT_TYPES } from '@switchboard/telemetry';
import { ALERT_TYPE_LABELS } from './alert-types.ts';

describe('the settings page\'s alert types', () => {
  it('are exactly the ones the gateway and backend raise', () => {
    expect(ALERT_TYPE_LABELS.map(([type]) => type).sort()).toEqual([...RAISED_ALERT_TYPES].sort());
  });
});
