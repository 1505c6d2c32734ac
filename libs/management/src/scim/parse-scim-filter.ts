import { ScimError } from './scim-error.ts';

/** The one filter form identity providers send to look a resource up: `<attribute> eq "<value>"`. */
export interface ScimEqualityFilter {
  /** Lower-cased, with a `[type eq "work"]` selector kept as written: `username`, `emails[type eq "work"].value`. */
  attribute: string;
  value: string;
}

const EQUALITY = /^\s*([A-Za-z][\w.:]*(?:\[\s*type\s+eq\s+"[^"]*"\s*\](?:\.\w+)?)?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/**
 * Parses `filter=` as Okta, Entra ID and OneLogin send it. Anything richer (`co`, `sw`, `and`, `or`) is a 400
 * with scimType `invalidFilter`, so a client learns it is unsupported rather than getting every resource.
 */
export function parseScimFilter(filter: string | undefined, supported: readonly string[]): ScimEqualityFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;
  const match = EQUALITY.exec(filter);
  const attribute = match?.[1]?.toLowerCase().replace(/\s+/g, ' ');
  if (!match || attribute === undefined || !supported.includes(attribute)) {
    throw new ScimError(400, `Unsupported filter; supported: ${supported.map((name) => `${name} eq "..."`).join(', ')}`, 'invalidFilter');
  }
  return { attribute, value: (match[2] ?? '').replace(/\\(.)/g, '$1') };
}
