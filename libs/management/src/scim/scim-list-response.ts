import { SCIM_LIST_SCHEMA } from './scim-schemas.ts';

/** RFC 7644 §3.4.2 ListResponse. */
export function scimListResponse(resources: readonly unknown[], totalResults: number, startIndex: number) {
  return { schemas: [SCIM_LIST_SCHEMA], totalResults, startIndex, itemsPerPage: resources.length, Resources: resources };
}
