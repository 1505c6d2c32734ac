import type { Response } from 'express';
import type { Logger } from 'pino';
import { HttpError } from '@switchboard/service-kit';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 §3.12 `scimType` values this API uses. */
export type ScimErrorType = 'invalidFilter' | 'invalidValue' | 'invalidSyntax' | 'invalidPath' | 'uniqueness' | 'mutability' | 'noTarget';

/** An error a SCIM client caused; rendered in SCIM's error shape by `renderScimError`, the one place. */
export class ScimError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly scimType?: ScimErrorType,
  ) {
    super(message);
    this.name = 'ScimError';
  }
}

/** Management errors (validation, database constraints, auth) keep their status and message in SCIM's shape. */
function asScimError(err: unknown): ScimError | undefined {
  if (err instanceof ScimError) return err;
  if (err instanceof HttpError) {
    if (err.code === 'conflict') return new ScimError(409, err.message, 'uniqueness');
    return new ScimError(err.status, err.message, err.code === 'invalid_request' ? 'invalidValue' : undefined);
  }
  return undefined;
}

export function renderScimError(err: unknown, res: Response, logger: Pick<Logger, 'error'>): void {
  const known = asScimError(err);
  if (!known) logger.error({ error: err instanceof Error ? err.message : String(err) }, 'SCIM request failed');
  const status = known?.status ?? 500;
  res
    .status(status)
    .type('application/scim+json')
    .json({ schemas: [SCIM_ERROR_SCHEMA], status: String(status), detail: known?.message ?? 'Internal error', ...(known?.scimType ? { scimType: known.scimType } : {}) });
}
