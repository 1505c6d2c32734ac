import { describe, expect, it } from 'vitest';
import { parseScimFilter } from './parse-scim-filter.ts';
import { ScimError } from './scim-error.ts';

const USER_FILTERS = ['username', 'externalid', 'emails[type eq "work"].value'];

describe('parseScimFilter', () => {
  it('reads the equality filters identity providers send, attribute names case-insensitively', () => {
    expect(parseScimFilter('userName eq "ada@example.com"', USER_FILTERS)).toEqual({ attribute: 'username', value: 'ada@example.com' });
    expect(parseScimFilter('externalId EQ "00u-1"', USER_FILTERS)).toEqual({ attribute: 'externalid', value: '00u-1' });
    expect(parseScimFilter('emails[type eq "work"].value eq "a@b.c"', USER_FILTERS)).toEqual({ attribute: 'emails[type eq "work"].value', value: 'a@b.c' });
    expect(parseScimFilter('userName eq "with \\"quotes\\""', USER_FILTERS)).toEqual({ attribute: 'username', value: 'with "quotes"' });
  });

  it('is no filter when absent or blank', () => {
    expect(parseScimFilter(undefined, USER_FILTERS)).toBeUndefined();
    expect(parseScimFilter('  ', USER_FILTERS)).toBeUndefined();
  });

  it('refuses other operators, compound filters and unknown attributes with invalidFilter', () => {
    for (const filter of ['userName co "a"', 'userName eq "a" and active eq true', 'title eq "x"', 'userName eq a']) {
      const thrown = (() => {
        try {
          parseScimFilter(filter, USER_FILTERS);
        } catch (err) {
          return err;
        }
      })();
      expect(thrown, filter).toBeInstanceOf(ScimError);
      expect(thrown, filter).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    }
  });
});
