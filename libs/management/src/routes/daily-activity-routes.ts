import { findKeysByHashes, findKeysOf, readDailySpend, type DailySpendRecord, type KeyRecord, type SpendEntityType } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { dailyActivityQuery, type DailyActivityQuery } from '../schemas/spend-schemas.ts';
import { dailyActivityView, type KeyActivity } from '../views/daily-activity-view.ts';
import { keyHashOf } from './key-access.ts';
import { assertSpendScope } from './spend-owner.ts';

/** One of LiteLLM's daily activity scopes: its paths, and the query parameters that name its entities. */
interface ActivityScope {
  paths: readonly string[];
  entityType: SpendEntityType;
  /** The one entity (`?team_id=`); the key scope's is the key itself. */
  param?: 'user_id' | 'team_id' | 'organization_id' | 'api_key';
  /** LiteLLM's comma-separated list of entities (`?team_ids=a,b`), and of entities left out. */
  listParam?: 'team_ids' | 'organization_ids' | 'end_user_ids';
  excludeParam?: 'exclude_team_ids' | 'exclude_end_user_ids';
}

const ACTIVITY_SCOPES: readonly ActivityScope[] = [
  { paths: ['/user/daily/activity'], entityType: 'user', param: 'user_id' },
  { paths: ['/team/daily/activity'], entityType: 'team', param: 'team_id', listParam: 'team_ids', excludeParam: 'exclude_team_ids' },
  { paths: ['/organization/daily/activity'], entityType: 'organization', param: 'organization_id', listParam: 'organization_ids' },
  { paths: ['/key/daily/activity'], entityType: 'key', param: 'api_key' },
  // LiteLLM's end users' activity, admins' only (as its own).
  { paths: ['/customer/daily/activity', '/end_user/daily/activity'], entityType: 'customer', listParam: 'end_user_ids', excludeParam: 'exclude_end_user_ids' },
];

/**
 * LiteLLM's daily activity of users, teams, organizations, keys or end users (`/<scope>/daily/activity` and its
 * `/aggregated` form), from the daily totals: a non-admin's own (their user, their keys, teams they belong to),
 * broken down by key for a user's or team's, narrowed to one key by `api_key`.
 */
export function mountDailyActivityRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const reader = deps.reader ?? deps.db;

  /** Each key's LiteLLM metadata in an activity's `api_keys` breakdown, from the keys that still exist. */
  async function keyActivity(rows: readonly DailySpendRecord[], known: readonly KeyRecord[] = []): Promise<KeyActivity> {
    const keys = new Map(known.map((key) => [key.hash, key]));
    const missing = [...new Set(rows.map((row) => row.entityId))].filter((hash) => !keys.has(hash));
    for (const key of await findKeysByHashes(reader, missing)) keys.set(key.hash, key);
    return { rows, metadataOf: (hash) => ({ key_alias: keys.get(hash)?.alias ?? null, team_id: keys.get(hash)?.teamId ?? null }) };
  }

  /** The entities a request names, each within what the caller may read; undefined for every entity (an admin's). */
  async function entitiesOf(caller: Caller, query: DailyActivityQuery, scope: ActivityScope): Promise<string[] | undefined> {
    if (scope.entityType === 'customer') authorize(caller, 'spend:global');
    const given = scope.param === undefined ? undefined : query[scope.param];
    const named = [...(given === undefined ? [] : [scope.param === 'api_key' ? keyHashOf(given) : given]), ...((scope.listParam && query[scope.listParam]) ?? [])];
    const own = authorize(caller, 'spend:read') === 'own';
    if (named.length === 0 && own && scope.entityType === 'user' && caller.user) return [caller.user.id];
    if (named.length === 0 && own) throw new HttpError(400, `Give ?${scope.param ?? scope.listParam}=`, { param: scope.param ?? scope.listParam ?? null });
    for (const id of named) {
      await assertSpendScope(deps, caller, {
        userId: scope.entityType === 'user' ? id : undefined,
        keyRef: scope.entityType === 'key' ? given : undefined,
        teamId: scope.entityType === 'team' ? id : undefined,
        organizationId: scope.entityType === 'organization' ? id : undefined,
      });
    }
    return named.length === 0 ? undefined : named;
  }

  async function activityOf(caller: Caller, query: DailyActivityQuery, scope: ActivityScope, pageSize: number) {
    const { entityType } = scope;
    const ids = await entitiesOf(caller, query, scope);
    const excluded = new Set((scope.excludeParam && query[scope.excludeParam]) ?? []);
    const window = { model: query.model, from: query.start_date, to: query.end_date };
    if (entityType === 'key' || ((entityType === 'user' || entityType === 'team') && query.api_key !== undefined)) {
      const keyRef = query.api_key;
      if (entityType !== 'key' && keyRef !== undefined) await assertSpendScope(deps, caller, { keyRef });
      const hash = keyRef === undefined ? undefined : keyHashOf(keyRef);
      const key = hash === undefined ? undefined : (await findKeysByHashes(reader, [hash]))[0];
      // A key of other users or teams narrows their activity to nothing, as LiteLLM's filter on both does.
      const owner = entityType === 'user' ? key?.userId : entityType === 'team' ? key?.teamId : undefined;
      const foreign = entityType !== 'key' && ids !== undefined && (owner === undefined || owner === null || !ids.includes(owner));
      const rows = foreign ? [] : await readDailySpend(reader, { entityType: 'key', entityIds: hash === undefined ? undefined : [hash], ...window });
      return dailyActivityView(rows, 'key', query.page, pageSize, await keyActivity([], key ? [key] : []));
    }
    const rows = (await readDailySpend(reader, { entityType, entityIds: ids, ...window })).filter((row) => !excluded.has(row.entityId));
    if (entityType !== 'user' && entityType !== 'team') return dailyActivityView(rows, entityType, query.page, pageSize);
    const owned = ids === undefined ? undefined : (await Promise.all(ids.map((id) => findKeysOf(reader, entityType === 'user' ? { userId: id } : { teamId: id })))).flat();
    if (owned?.length === 0) return dailyActivityView(rows, entityType, query.page, pageSize);
    const keys = await keyActivity(await readDailySpend(reader, { entityType: 'key', entityIds: owned?.map((key) => key.hash), ...window }), owned);
    // The keys of a team left out are left out of the breakdown too.
    const kept = excluded.size === 0 ? keys : { ...keys, rows: keys.rows.filter((row) => !excluded.has(keys.metadataOf(row.entityId).team_id ?? '')) };
    return dailyActivityView(rows, entityType, query.page, pageSize, kept);
  }

  for (const scope of ACTIVITY_SCOPES) {
    mountEndpoint(service, deps, registry, {
      method: 'get',
      paths: scope.paths,
      summary: `Daily spend and tokens of a ${scope.entityType}, by model, in LiteLLM's SpendAnalyticsPaginatedResponse (from the daily aggregates)`,
      query: dailyActivityQuery,
      handler: ({ caller, query }) => activityOf(caller, query, scope, query.page_size),
    });
    mountEndpoint(service, deps, registry, {
      method: 'get',
      paths: scope.paths.map((path) => `${path}/aggregated`),
      summary: `Daily spend and tokens of a ${scope.entityType}, every day of the range on one page (LiteLLM's aggregated form)`,
      query: dailyActivityQuery,
      handler: ({ caller, query }) => activityOf(caller, { ...query, page: 1 }, scope, Number.POSITIVE_INFINITY),
    });
  }
}
