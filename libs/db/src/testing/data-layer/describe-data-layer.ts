import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendRef, DataLayerBackend } from './backend.ts';
import { changeCases } from './change-cases.ts';
import { entityCases } from './entity-cases.ts';
import { injectionCases } from './injection-cases.ts';
import { partitionCases } from './partition-cases.ts';
import { schemaCases } from './schema-cases.ts';
import { spendCases } from './spend-cases.ts';

/**
 * The data-layer suite: the same cases on every backend (in-process PGlite, PGlite over its socket, the
 * local PostgreSQL). Each test file opens one database for all of them; the cases make their own rows
 * with unique ids, and the partition cases, which drop old months wholesale, run last.
 */
export function describeDataLayer(name: string, open: () => Promise<DataLayerBackend>, { skip = false } = {}): void {
  describe.skipIf(skip)(`data layer on ${name}`, () => {
    let opened: DataLayerBackend | undefined;
    const backend: BackendRef = () => {
      if (!opened) throw new Error('the backend did not open');
      return opened;
    };
    beforeAll(async () => {
      opened = await open();
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('answers the readiness probe', async () => {
      const { check } = backend();
      if (check) expect(await check()).toEqual({ ok: true, detail: 'connected' });
    });
    schemaCases(backend);
    entityCases(backend);
    spendCases(backend);
    changeCases(backend);
    injectionCases(backend);
    partitionCases(backend);
  });
}
