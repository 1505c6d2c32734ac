import { changedDestinationFields, credentialMismatch, CREDENTIAL_VALUE_KEYS, credentialValuesSchema, type StoredCredential } from '@switchboard/config';
import { deleteCredential, findCredentialByName, findModelById, insertCredential, isCredentialField, listCredentials, updateCredential, type CredentialRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { Request } from 'express';
import { applyChange } from '../changes/apply-change.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { credentialPathSchema, newCredentialSchema, patchCredentialSchema } from '../schemas/credential-schemas.ts';
import { MASKED, publicParams } from '../views/model-views.ts';
import { allModelViews } from './model-catalog.ts';
import { allCredentials, credentialView, storedOf } from './credential-catalog.ts';

/** `credential_values` as a credential may hold them: 400 names the first field that is not a credential's. */
function checkedValues(values: Record<string, unknown>): Record<string, unknown> {
  const parsed = credentialValuesSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue?.path[0] ?? '');
    throw new HttpError(400, `credential_values.${field}: ${issue?.message ?? 'invalid'}`, { param: `credential_values.${field}` });
  }
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined));
}

/** The credential fields of a deployment (LiteLLM's `get_deployment_credentials`), for "save this model's key". */
async function valuesOfModel(deps: ManagementDeps, modelId: string): Promise<Record<string, unknown>> {
  const stored = deps.cipher.canEncrypt || deps.storeModelInDb ? await findModelById(deps.db, deps.cipher, modelId) : undefined;
  const fromFile = deps.configDeployments.find((deployment) => deployment.id === modelId);
  const params = stored?.params ?? (fromFile && { ...fromFile.params, ...(fromFile.apiKey !== undefined ? { api_key: fromFile.apiKey } : {}), ...(fromFile.apiBase !== undefined ? { api_base: fromFile.apiBase } : {}) });
  if (!params) throw new HttpError(404, `No deployment has model_id ${modelId}`, { code: 'model_not_found', param: 'model_id' });
  const values = Object.fromEntries(Object.entries(params).filter(([key, value]) => CREDENTIAL_VALUE_KEYS.includes(key) && value !== null && value !== undefined));
  if (Object.keys(values).length === 0) throw new HttpError(400, `Deployment ${modelId} has no credentials to save`, { param: 'model_id' });
  return values;
}

/** The database deployments that name a credential, with their stored params. */
async function modelsNaming(deps: ManagementDeps, name: string) {
  const views = await allModelViews(deps);
  return views.filter((view) => view.litellm_params.litellm_credential_name === name);
}

function assertWritable(deps: ManagementDeps): void {
  if (!deps.cipher.canEncrypt) throw new HttpError(400, 'Refusing to store credentials unencrypted: set SWITCHBOARD_SALT_KEY on the backend', { code: 'salt_key_missing' });
}

function nameOf(req: Request): string {
  const parsed = credentialPathSchema.safeParse(req.params);
  if (!parsed.success) throw new HttpError(400, `credential_name: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { param: 'credential_name' });
  return parsed.data.credential_name;
}

async function loadStored(deps: ManagementDeps, name: string): Promise<CredentialRecord> {
  if ((deps.configCredentials ?? []).some((credential) => credential.name === name)) throw new HttpError(400, `Credential ${name} is the config file's: change it in the file`, { code: 'config_credential', param: 'credential_name' });
  const record = deps.cipher.canEncrypt ? await findCredentialByName(deps.db, deps.cipher, name) : undefined;
  if (!record) throw new HttpError(404, `Credential not found: ${name}`, { code: 'credential_not_found', param: 'credential_name' });
  return record;
}

/**
 * A changed credential must still suit every deployment that names it (its destination and provider), or those
 * deployments would lose it at the gateway's next load: 400 names them.
 */
async function assertStillUsable(deps: ManagementDeps, after: StoredCredential): Promise<void> {
  const broken = (await modelsNaming(deps, after.name)).filter((view) => credentialMismatch(view.litellm_params, after) !== undefined);
  if (broken.length > 0) {
    const ids = broken.map((view) => String(view.model_info.id)).join(', ');
    throw new HttpError(400, `Deployments ${ids} name credential ${after.name} and could no longer use it: ${credentialMismatch(broken[0]!.litellm_params, after)}`, { code: 'credential_in_use', param: 'credential_values' });
  }
}

/**
 * LiteLLM's `PATCH /credentials/{name}` merge, with the rule a model's update has (credential-destination.ts): a
 * secret the patch does not send is kept only while the credential's destination stays the same, so whoever may
 * patch it cannot point it at a host of their own and have a gateway present the stored secret there.
 */
function patchedValues(before: Record<string, unknown>, patch: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!patch) return before;
  const merged: Record<string, unknown> = { ...before };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (value !== MASKED) merged[key] = value;
  }
  const changed = changedDestinationFields(before, merged);
  const kept = Object.keys(merged).filter((key) => isCredentialField(key) && before[key] !== undefined && (patch[key] === undefined || patch[key] === MASKED));
  if (changed.length > 0 && kept.length > 0) {
    throw new HttpError(400, `credential_values.${changed.join(', credential_values.')} changed where the credential goes, so the stored ${kept.join(', ')} is not kept: send it again in full`, {
      code: 'credential_required_for_new_destination',
      param: `credential_values.${kept[0]}`,
    });
  }
  return merged;
}

/** LiteLLM's `/credentials` routes: reusable provider credentials a deployment names with `litellm_credential_name`. */
export function mountCredentialRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/credentials'],
    summary: "Store a reusable provider credential (encrypted at rest), from credential_values or a deployment's own (model_id)",
    body: newCredentialSchema,
    async handler({ caller, body }) {
      authorize(caller, 'credential:write');
      assertWritable(deps);
      const name = body.credential_name;
      if ((deps.configCredentials ?? []).some((credential) => credential.name === name)) throw new HttpError(400, `Credential ${name} is the config file's`, { code: 'conflict', param: 'credential_name' });
      const given = body.credential_values && checkedValues(body.credential_values);
      const values = given && Object.keys(given).length > 0 ? given : body.model_id ? await valuesOfModel(deps, body.model_id) : undefined;
      if (!values) throw new HttpError(400, 'Credential values are required: send credential_values, or model_id to save a deployment\'s', { param: 'credential_values' });
      const info = body.credential_info ?? {};
      return applyChange(deps, caller, async (tx, audit) => {
        const created = await insertCredential(tx, deps.cipher, { name, values, info, createdBy: caller.actor });
        if (!created) throw new HttpError(400, `A credential named ${name} already exists`, { code: 'conflict', param: 'credential_name' });
        await audit({ action: 'credential.new', table: 'credentials', objectId: name, after: credentialView(storedOf(created)), invalidates: { entityType: 'model', action: 'insert' } });
        return { success: true, message: 'Credential created successfully' };
      });
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/credentials'],
    summary: "Every stored credential, the config file's and the database's, secrets masked",
    async handler({ caller }) {
      authorize(caller, 'credential:read');
      return { success: true, credentials: [...(await allCredentials(deps)).values()].map(({ credential }) => credentialView(credential)) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/credentials/by_name/:credential_name'],
    summary: 'One stored credential, secrets masked',
    async handler({ req, caller }) {
      authorize(caller, 'credential:read');
      const name = nameOf(req);
      const found = (await allCredentials(deps)).get(name);
      if (!found) throw new HttpError(404, `Credential not found. Got credential name: ${name}`, { code: 'credential_not_found', param: 'credential_name' });
      return credentialView(found.credential);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/credentials/by_model/:model_id'],
    summary: "A deployment's own credential fields, secrets masked, named as LiteLLM names them",
    async handler({ req, caller }) {
      authorize(caller, 'credential:read');
      const modelId = String(req.params.model_id);
      const view = (await allModelViews(deps)).find((candidate) => String(candidate.model_info.id) === modelId);
      if (!view) throw new HttpError(404, 'Model not found', { code: 'model_not_found', param: 'model_id' });
      const values = Object.fromEntries(Object.entries(view.litellm_params).filter(([key, value]) => CREDENTIAL_VALUE_KEYS.includes(key) && value !== null && value !== undefined));
      return { credential_name: `${view.model_name}-credential-${modelId}`, credential_values: values, credential_info: {} };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'patch',
    paths: ['/credentials/:credential_name'],
    summary: 'Change a stored credential: values and info are merged into the stored ones (null removes a value)',
    body: patchCredentialSchema,
    async handler({ req, caller, body }) {
      authorize(caller, 'credential:write');
      assertWritable(deps);
      const name = nameOf(req);
      // Deployments name a credential: a rename would leave them naming nothing.
      if (body.credential_name !== undefined && body.credential_name !== name) throw new HttpError(400, 'A credential is not renamed: store one under the new name and point the deployments at it', { param: 'credential_name' });
      const before = await loadStored(deps, name);
      const values = checkedValues(patchedValues(before.credentialValues, body.credential_values));
      const info = body.credential_info ? Object.fromEntries(Object.entries({ ...before.credentialInfo, ...body.credential_info }).filter(([, value]) => value !== null)) : before.credentialInfo;
      await assertStillUsable(deps, { name, values, info });
      return applyChange(deps, caller, async (tx, audit) => {
        const after = await updateCredential(tx, deps.cipher, name, { values, info, updatedBy: caller.actor });
        if (!after) throw new HttpError(404, `Credential not found: ${name}`, { code: 'credential_not_found', param: 'credential_name' });
        await audit({ action: 'credential.update', table: 'credentials', objectId: name, before: credentialView(storedOf(before)), after: credentialView(storedOf(after)), invalidates: { entityType: 'model', action: 'update' } });
        return { success: true, message: 'Credential updated successfully' };
      });
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'delete',
    paths: ['/credentials/:credential_name'],
    summary: 'Remove a stored credential no deployment names',
    async handler({ req, caller }) {
      authorize(caller, 'credential:write');
      const name = nameOf(req);
      const before = await loadStored(deps, name);
      const users = await modelsNaming(deps, name);
      if (users.length > 0) throw new HttpError(400, `Deployments ${users.map((view) => String(view.model_info.id)).join(', ')} name credential ${name}: point them elsewhere first`, { code: 'credential_in_use', param: 'credential_name' });
      await applyChange(deps, caller, async (tx, audit) => {
        await deleteCredential(tx, name);
        await audit({ action: 'credential.delete', table: 'credentials', objectId: name, before: credentialView(storedOf(before)), invalidates: { entityType: 'model', action: 'delete' } });
      });
      return { success: true, message: 'Credential deleted successfully' };
    },
  });
}
