import { budgetPeriodStart, dailySpendLogsByTag, deleteTag, findBudgetById, findModelById, findTagsByNames, insertTag, listTags, sumSpendLogsByTag, tagSpendSince, updateModel, updateTag, type BudgetRecord, type Database, type TagRecord, type Transaction } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Audit } from '../changes/apply-change.ts';
import { applyChange } from '../changes/apply-change.ts';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { translateDbErrors } from '../http/db-errors.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { deleteTagSchema, newTagSchema, tagDailyActivityQuery, tagInfoSchema, tagListQuery, updateTagSchema } from '../schemas/tag-schemas.ts';
import { dailyActivityView } from '../views/daily-activity-view.ts';
import { keyHashOf } from './key-access.ts';
import { budgetView } from '../views/entity-views.ts';
import { dbModelView } from '../views/model-views.ts';
import { assertOneBudgetChange, assertOneBudgetSource, writeEntityBudget } from './entity-budget.ts';
import { allModelViews, type ModelView } from './model-catalog.ts';
import { assertSpendScope, spendLogOwnerFilter, spendOwnerOf } from './spend-owner.ts';
import { last30Days, logWindowOfDays } from './spend-window.ts';

/** A tag's `models` resolved: the database deployments it is added to, and LiteLLM's `model_info` (id -> name). */
interface TagModels {
  deploymentIds: string[];
  modelInfo: Record<string, string>;
}

/**
 * A tag's `models` name deployments by model name or id (LiteLLM's rule); the tag is added to their
 * `litellm_params.tags`, which is what tag routing reads. Only database deployments can be changed so: a name
 * that reaches a config-file deployment is refused (its tags are the file's), as is one that reaches none.
 */
function resolveTagModels(views: readonly ModelView[], models: readonly string[]): TagModels {
  const deploymentIds = new Set<string>();
  const modelInfo: Record<string, string> = {};
  for (const entry of models) {
    const matched = views.filter((view) => String(view.model_info.id) === entry || view.model_name === entry);
    if (matched.length === 0) throw new HttpError(400, `models: "${entry}" names no deployment (give a model name or a model id)`, { param: 'models' });
    const inFile = matched.find((view) => view.model_info.db_model !== true);
    if (inFile) throw new HttpError(400, `models: "${entry}" reaches the config file's deployment ${String(inFile.model_info.id)}: add the tag to its litellm_params.tags in the file`, { param: 'models' });
    for (const view of matched) {
      deploymentIds.add(String(view.model_info.id));
      if (String(view.model_info.id) === entry) modelInfo[entry] = view.model_name;
    }
  }
  return { deploymentIds: [...deploymentIds], modelInfo };
}

/** resolveTagModels, or nothing when a name no longer resolves (a deployment deleted since the tag named it). */
function resolveOrNothing(views: readonly ModelView[], models: readonly string[]): TagModels | undefined {
  try {
    return resolveTagModels(views, models);
  } catch (error) {
    if (error instanceof HttpError) return undefined;
    throw error;
  }
}

/** Adds the tag to (or takes it off) a database deployment's `litellm_params.tags`; audited like /model/update. */
async function retagDeployment(tx: Transaction, audit: Audit, deps: ManagementDeps, caller: Caller, id: string, tag: string, add: boolean): Promise<void> {
  const before = await findModelById(tx, deps.cipher, id);
  if (!before) return;
  const current = Array.isArray(before.params.tags) ? (before.params.tags as unknown[]).filter((value): value is string => typeof value === 'string') : [];
  if (current.includes(tag) === add) return;
  const next = add ? [...current, tag] : current.filter((value) => value !== tag);
  const { tags: _old, ...rest } = before.params;
  const model = await updateModel(tx, deps.cipher, id, { params: next.length > 0 ? { ...rest, tags: next } : rest, updatedBy: caller.actor });
  if (model) await audit({ action: 'model.update', table: 'models', objectId: id, before: dbModelView(before), after: dbModelView(model), invalidates: { entityType: 'model', action: 'update' } });
}

/** LiteLLM's `TagConfig`, with the tag's budget row (`litellm_budget_table`) and, when asked, its current period's spend. */
function tagView(tag: TagRecord, budget: BudgetRecord | undefined, modelInfo: Record<string, string>, spend?: string) {
  return {
    name: tag.name,
    description: tag.description,
    models: tag.models,
    model_info: modelInfo,
    created_at: tag.createdAt.toISOString(),
    updated_at: tag.updatedAt.toISOString(),
    created_by: tag.createdBy,
    ...(spend !== undefined ? { spend: Number(spend) } : {}),
    ...(budget ? { litellm_budget_table: budgetView(budget) } : {}),
  };
}

/**
 * The deployments the tags' `models` are read against: listed once per request, and only when some tag names models
 * (a listing reads every database deployment).
 */
async function viewsFor(deps: ManagementDeps, ...lists: (readonly string[] | undefined)[]): Promise<readonly ModelView[]> {
  return lists.some((list) => (list?.length ?? 0) > 0) ? allModelViews(deps) : [];
}

/** LiteLLM's `model_info` of a stored tag: its model ids with their deployments' names (names stay out of it). */
function modelInfoOf(views: readonly ModelView[], tag: TagRecord): Record<string, string> {
  return Object.fromEntries(tag.models.flatMap((entry) => views.filter((view) => String(view.model_info.id) === entry).map((view) => [entry, view.model_name])));
}

async function loadTag(db: Database, name: string): Promise<TagRecord> {
  const [tag] = await findTagsByNames(db, [name]);
  if (!tag) throw new HttpError(404, `Tag ${name} not found`, { code: 'tag_not_found', param: 'name' });
  return tag;
}

/** A budget named by id must exist (a tag on a missing budget would hold nothing). */
async function assertBudgetExists(db: Database, budgetId: string | null | undefined): Promise<void> {
  if (budgetId && !(await findBudgetById(db, budgetId))) throw new HttpError(400, `budget_id ${budgetId} does not exist`, { code: 'budget_not_found', param: 'budget_id' });
}

/** LiteLLM's tag management (`/tag/*`): managed tags with a description, deployments that serve them, and a budget. */
export function mountTagRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const { db } = deps;
  const reader = deps.reader ?? db;

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/tag/new'],
    summary: 'Create a managed tag: the deployments that serve it (models) and a budget that holds every call carrying it',
    body: newTagSchema,
    async handler({ caller, body }) {
      authorize(caller, 'tag:write');
      const { name, description, models, model_info: _shown, budget_id, ...budgetInput } = body;
      assertOneBudgetSource(budget_id, budgetInput);
      await assertBudgetExists(db, budget_id);
      const resolved = resolveTagModels(await viewsFor(deps, models), models ?? []);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const budget = (await writeEntityBudget(tx, audit, caller, undefined, budgetInput)) ?? (await findBudgetById(tx, budget_id));
          const tag = await insertTag(tx, { name, description: description ?? null, models: models ?? [], budgetId: budget?.id ?? null, createdBy: caller.actor });
          if (!tag) throw new HttpError(400, `Tag ${name} already exists`, { code: 'conflict', param: 'name' });
          for (const id of resolved.deploymentIds) await retagDeployment(tx, audit, deps, caller, id, name, true);
          const view = tagView(tag, budget, resolved.modelInfo);
          await audit({ action: 'tag.new', table: 'tags', objectId: name, after: view, invalidates: { entityType: 'tag', action: 'insert' } });
          return { message: `Tag ${name} created successfully`, tag: view };
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/tag/update'],
    summary: "Change the fields given on a managed tag; budget fields change its budget row (made if it has none)",
    body: updateTagSchema,
    async handler({ caller, body }) {
      authorize(caller, 'tag:write');
      const { name, description, models, model_info: _shown, budget_id, spend, ...budgetInput } = body;
      // The tag's spend is its calls' spend logs: there is no counter of its own to set.
      if (spend !== undefined) throw new HttpError(400, "A tag's spend is read from the spend logs of its calls and cannot be set", { param: 'spend' });
      const before = await loadTag(db, name);
      assertOneBudgetChange(budget_id, before.budgetId, budgetInput);
      await assertBudgetExists(db, budget_id);
      const views = await viewsFor(deps, models, before.models);
      const resolved = models === undefined ? undefined : resolveTagModels(views, models);
      // What the tag named before may be gone by now: the tag comes off what still resolves.
      const previous = models === undefined ? undefined : resolveOrNothing(views, before.models);
      return translateDbErrors(() =>
        applyChange(deps, caller, async (tx, audit) => {
          const chosen = budget_id === undefined ? before.budgetId : budget_id;
          const budgetId = (await writeEntityBudget(tx, audit, caller, chosen, budgetInput))?.id ?? chosen;
          const tag = (await updateTag(tx, name, { ...(description !== undefined ? { description } : {}), ...(models !== undefined ? { models } : {}), budgetId, updatedBy: caller.actor })) as TagRecord;
          if (resolved) {
            for (const id of previous?.deploymentIds ?? []) if (!resolved.deploymentIds.includes(id)) await retagDeployment(tx, audit, deps, caller, id, name, false);
            for (const id of resolved.deploymentIds) await retagDeployment(tx, audit, deps, caller, id, name, true);
          }
          const view = tagView(tag, await findBudgetById(tx, budgetId), resolved?.modelInfo ?? modelInfoOf(views, tag));
          await audit({ action: 'tag.update', table: 'tags', objectId: name, before: tagView(before, undefined, {}), after: view, invalidates: { entityType: 'tag', action: 'update' } });
          return { message: `Tag ${name} updated successfully`, tag: view };
        }),
      );
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/tag/info'],
    summary: "Managed tags by name: {<name>: {name, description, models, model_info, spend, litellm_budget_table, ...}}",
    body: tagInfoSchema,
    async handler({ caller, body }) {
      if (authorize(caller, 'tag:read') !== 'all') throw forbidden("Only admins read managed tags' settings");
      const found = await findTagsByNames(reader, body.names);
      const views = await viewsFor(deps, ...found.map((tag) => tag.models));
      const missing = body.names.filter((name) => !found.some((tag) => tag.name === name));
      if (missing.length > 0) throw new HttpError(404, `Tags not found: ${missing.join(', ')}`, { code: 'tag_not_found', param: 'names' });
      const entries = await Promise.all(
        found.map(async (tag) => {
          const budget = await findBudgetById(reader, tag.budgetId);
          // The current budget period's spend (all of it for a tag without a periodic budget).
          const spend = await tagSpendSince(reader, tag.name, budgetPeriodStart(budget?.budgetResetAt, budget?.budgetDuration));
          return [tag.name, tagView(tag, budget, modelInfoOf(views, tag), spend)] as const;
        }),
      );
      return Object.fromEntries(entries);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/tag/list'],
    summary: "Managed tags, and the tags calls carried in a window of days (default the last 30) that no admin manages (a non-admin: those of their own calls), each with its spend in the window",
    query: tagListQuery,
    async handler({ caller, query }) {
      const scope = authorize(caller, 'tag:read');
      if ((query.start_date === undefined) !== (query.end_date === undefined)) throw new HttpError(400, 'start_date and end_date must be given together', { param: query.start_date === undefined ? 'start_date' : 'end_date' });
      const window = query.start_date && query.end_date ? { from: query.start_date, to: query.end_date } : last30Days();
      const used = await sumSpendLogsByTag(reader, { ...logWindowOfDays(window.from, window.to), ...(scope === 'all' ? {} : spendLogOwnerFilter(spendOwnerOf(caller))) });
      const stored = scope === 'all' ? await listTags(reader) : await findTagsByNames(reader, used.map((row) => row.tag));
      const views = await viewsFor(deps, ...stored.map((tag) => tag.models));
      // Every tag with its spend in the window (the caller's own calls for a non-admin), managed or not.
      const spendOf = new Map(used.map((row) => [row.tag, row.spend]));
      const managed = await Promise.all(stored.map(async (tag) => tagView(tag, await findBudgetById(reader, tag.budgetId), modelInfoOf(views, tag), spendOf.get(tag.name) ?? '0')));
      const names = new Set(stored.map((tag) => tag.name));
      const dynamic = used
        .filter((row) => !names.has(row.tag))
        .map((row) => ({ name: row.tag, description: 'A tag calls carried; no admin manages it, so it routes and limits nothing.', models: null, spend: Number(row.spend) }));
      return [...managed, ...dynamic];
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/tag/daily/activity'],
    summary: "Spend per day by tag (LiteLLM's SpendAnalyticsPaginatedResponse, breakdown by model and tag), from the spend logs, at most 366 days (a non-admin's own calls)",
    query: tagDailyActivityQuery,
    async handler({ caller, query }) {
      const scope = authorize(caller, 'tag:read');
      const owner = scope === 'all' ? {} : spendLogOwnerFilter(spendOwnerOf(caller));
      // A key named by a non-admin must be one it may read (its own, its team's): another's is refused, not emptied.
      if (query.api_key !== undefined) await assertSpendScope(deps, caller, { keyRef: query.api_key });
      const filter = { ...logWindowOfDays(query.start_date, query.end_date), ...owner, ...(query.model !== undefined ? { model: query.model } : {}), ...(query.api_key !== undefined ? { keyHash: keyHashOf(query.api_key) } : {}) };
      const rows = await dailySpendLogsByTag(reader, filter, query.tags);
      return dailyActivityView(rows.map((row) => ({ ...row, entityId: row.tag })), 'tag', query.page, query.page_size);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/tag/delete'],
    summary: 'Delete a managed tag (its budget row stays; the tag comes off the deployments it named)',
    body: deleteTagSchema,
    async handler({ caller, body }) {
      authorize(caller, 'tag:write');
      const before = await loadTag(db, body.name);
      const resolved = resolveOrNothing(await viewsFor(deps, before.models), before.models);
      await applyChange(deps, caller, async (tx, audit) => {
        for (const id of resolved?.deploymentIds ?? []) await retagDeployment(tx, audit, deps, caller, id, body.name, false);
        await deleteTag(tx, body.name);
        await audit({ action: 'tag.delete', table: 'tags', objectId: body.name, before: tagView(before, undefined, {}), invalidates: { entityType: 'tag', action: 'delete' } });
      });
      return { message: `Tag ${body.name} deleted successfully` };
    },
  });
}
