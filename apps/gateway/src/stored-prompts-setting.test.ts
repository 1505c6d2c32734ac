import { describe, expect, it } from 'vitest';
import type { DataPlaneDeps } from '@switchboard/data-plane';
import { StoredPromptsSetting } from './stored-prompts-setting.ts';

const limits = { maxStringLength: 100 };
const depsWith = () => ({ storePayloads: undefined }) as unknown as DataPlaneDeps;

describe('StoredPromptsSetting', () => {
  it("applies the file's setting, then /config/update's over it, and the file's again when that goes", () => {
    const setting = new StoredPromptsSetting(false, limits);
    const deps = depsWith();
    setting.attach(deps);
    expect(deps.storePayloads).toBeUndefined();
    setting.setOverride(true);
    expect(deps.storePayloads).toBe(limits);
    setting.setOverride(undefined);
    expect(deps.storePayloads).toBeUndefined();
    // Assigned, never deleted: the deps object keeps its shape.
    expect('storePayloads' in deps).toBe(true);
  });

  it('keeps a value stored before the routes exist and applies it when they are attached', () => {
    const setting = new StoredPromptsSetting(true, limits);
    setting.setOverride(false);
    const deps = depsWith();
    setting.attach(deps);
    expect(deps.storePayloads).toBeUndefined();
    expect(setting.inForce).toBeUndefined();
  });

  it('never keeps bodies while turn_off_message_logging is set, whatever the file or /config/update say', () => {
    const setting = new StoredPromptsSetting(true, limits, true);
    const deps = depsWith();
    setting.attach(deps);
    setting.setOverride(true);
    expect(deps.storePayloads).toBeUndefined();
  });
});
