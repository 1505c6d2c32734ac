import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit } from '../../repositories/audit.ts';
import { appendOutbox, latestOutboxId, pruneOutbox, readOutboxAfter } from '../../repositories/outbox.ts';
import { findTeamById, insertTeam, updateTeam } from '../../repositories/teams.ts';
import { withTransaction } from '../../with-transaction.ts';
import { uniqueId, type BackendRef } from './backend.ts';

export function changeCases(backend: BackendRef): void {
  describe('outbox, audit and transactions', () => {
    it('commits a change with its audit row and outbox event, or none of them', async () => {
      const { db } = backend();
      const team = await insertTeam(db, { alias: uniqueId('audited') });
      const since = await latestOutboxId(db);
      await withTransaction(db, async (tx) => {
        const before = await findTeamById(tx, team.id);
        const after = await updateTeam(tx, team.id, { blocked: true });
        await appendAudit(tx, { actor: 'admin-1', action: 'team.block', tableName: 'teams', objectId: team.id, before: { blocked: before?.blocked }, after: { blocked: after?.blocked } });
      });
      await expect(
        withTransaction(db, async (tx) => {
          await updateTeam(tx, team.id, { alias: 'renamed' });
          await appendAudit(tx, { actor: 'admin-1', action: 'team.update', tableName: 'teams', objectId: team.id });
          throw new Error('validation failed after the write');
        }),
      ).rejects.toThrow('validation failed');
      expect(await findTeamById(db, team.id)).toMatchObject({ blocked: true, alias: team.alias });
      const audit = await listAudit(db, { tableName: 'teams', objectId: team.id });
      expect(audit.items.map((row) => [row.action, row.after])).toEqual([['team.block', { blocked: true }]]);
      const events = (await readOutboxAfter(db, since)).filter((event) => event.entityId === team.id);
      expect(events.map((event) => event.action)).toEqual(['update']);
    });

    it('reads the outbox after an id, oldest first, in pages', async () => {
      const { db } = backend();
      const since = await latestOutboxId(db);
      const ids = [uniqueId('a'), uniqueId('b'), uniqueId('c')];
      for (const entityId of ids) await withTransaction(db, (tx) => appendOutbox(tx, { entityType: 'budget', entityId, action: 'update' }));
      const all = await readOutboxAfter(db, since);
      expect(all.map((event) => event.entityId)).toEqual(ids);
      expect(all.map((event) => event.id)).toEqual([...all.map((event) => event.id)].sort((x, y) => x - y));
      const firstTwo = await readOutboxAfter(db, since, 2);
      expect(await readOutboxAfter(db, firstTwo[1]?.id ?? 0)).toEqual(all.slice(2));
      expect(await latestOutboxId(db)).toBe(all[2]?.id);
    });

    it('prunes old outbox events', async () => {
      const { db } = backend();
      await withTransaction(db, (tx) => appendOutbox(tx, { entityType: 'model', entityId: uniqueId('old'), action: 'delete' }));
      expect(await pruneOutbox(db, new Date(Date.now() + 60_000))).toBeGreaterThan(0);
      expect(await readOutboxAfter(db, 0)).toEqual([]);
    });
  });
}
