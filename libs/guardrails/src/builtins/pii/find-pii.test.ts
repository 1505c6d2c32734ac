import { describe, expect, it } from 'vitest';
import { findPii, type PiiScanOptions } from './find-pii.ts';
import { PII_ENTITIES, type PiiEntity } from './pii-entities.ts';

const ALL: PiiScanOptions = { actions: new Map(PII_ENTITIES.map((entity) => [entity, 'mask'])), phoneRegion: 'US' };

function found(text: string, options: PiiScanOptions = ALL): [PiiEntity | string, string][] {
  return findPii(text, options).map((finding) => [finding.label, text.slice(finding.start, finding.end)]);
}

describe('findPii', () => {
  it('finds emails, trimming the punctuation around them', () => {
    expect(found('Write to jane.doe+tag@mail.example.co.uk. Or (bob@corp.io)!')).toEqual([
      ['EMAIL', 'jane.doe+tag@mail.example.co.uk'],
      ['EMAIL', 'bob@corp.io'],
    ]);
    expect(found('not an email: a@b, @handle, x@localhost, user@.com')).toEqual([]);
  });

  it('finds phone numbers libphonenumber-js accepts, national ones in the default region', () => {
    expect(found('Call +1 415 555 2671 or (212) 736-5000 or +44 20 7946 0958.')).toEqual([
      ['PHONE', '+1 415 555 2671'],
      ['PHONE', '(212) 736-5000'],
      ['PHONE', '+44 20 7946 0958'],
    ]);
    expect(found('On 2024-01-05 at 10:30, order 12345678, digits 1 2 3 4 5 6 7 8 9 0')).toEqual([]);
    expect(found('Ruf 030 901820 an', { ...ALL, phoneRegion: 'DE' })).toEqual([['PHONE', '030 901820']]);
  });

  it('finds payment card numbers that pass the Luhn check, grouped or not', () => {
    expect(found('Visa 4111 1111 1111 1111, Amex 3782-822463-10005, MC 5555555555554444')).toEqual([
      ['CREDIT_CARD', '4111 1111 1111 1111'],
      ['CREDIT_CARD', '3782-822463-10005'],
      ['CREDIT_CARD', '5555555555554444'],
    ]);
    expect(found('4111 1111 1111 1112 fails Luhn; 0000 0000 0000 0000 is a placeholder')).toEqual([]);
  });

  it('finds IBANs that pass the mod-97 checksum', () => {
    expect(found('IBAN DE89 3704 0044 0532 0130 00 AB, or GB82WEST12345698765432.')).toEqual([
      ['IBAN', 'DE89 3704 0044 0532 0130 00'],
      ['IBAN', 'GB82WEST12345698765432'],
    ]);
    expect(found('DE89 3704 0044 0532 0130 01')).toEqual([]);
  });

  it('finds US SSNs but not the ranges never issued', () => {
    expect(found('SSN 123-45-6789 and 078 05 1120')).toEqual([
      ['US_SSN', '123-45-6789'],
      ['US_SSN', '078 05 1120'],
    ]);
    expect(found('000-12-3456 666-12-3456 900-12-3456 123-00-4567 123-45-0000')).toEqual([]);
  });

  it('finds IPv4 and IPv6 addresses but not code or times', () => {
    expect(found('hosts 192.168.0.1, 2001:db8::8a2e:370:7334 and ::1.')).toEqual([
      ['IP_ADDRESS', '192.168.0.1'],
      ['IP_ADDRESS', '2001:db8::8a2e:370:7334'],
      ['IP_ADDRESS', '::1'],
    ]);
    expect(found('std::vector, Foo::bar, at 12:30:45, 1.2.3.4.5, 256.1.1.1')).toEqual([]);
  });

  it('finds API keys and tokens by their shapes', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const text = [
      'openai sk-proj-abcdefghijklmnopqrstuvwxyz012345',
      'aws AKIAIOSFODNN7EXAMPLE',
      'github ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'slack xoxb-1234567890-abcdefghij',
      'google AIzaSyA-abcdefghijklmnopqrstuvwxyz01234',
      'stripe sk_live_abcdefghijklmnop1234',
      `jwt ${jwt}`,
    ].join('\n');
    expect(found(text).map(([label, value]) => [label, value.slice(0, 8)])).toEqual([
      ['SECRET', 'sk-proj-'],
      ['SECRET', 'AKIAIOSF'],
      ['SECRET', 'ghp_abcd'],
      ['SECRET', 'xoxb-123'],
      ['SECRET', 'AIzaSyA-'],
      ['SECRET', 'sk_live_'],
      ['SECRET', 'eyJhbGci'],
    ]);
    expect(found(`token: ${jwt}.`)[0]?.[1]).toBe(jwt);
    expect(found('task-sk-123 and risk-free ASIAN markets')).toEqual([]);
  });

  it('finds a PEM private key block as one secret', () => {
    const pem = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n-----END RSA PRIVATE KEY-----';
    expect(found(`key:\n${pem}\nthanks`)).toEqual([['SECRET', pem]]);
  });

  it('gives overlapping findings to the first, longer or higher-priority entity', () => {
    expect(found('card 4111111111111111 once')).toEqual([['CREDIT_CARD', '4111111111111111']]);
    expect(found('mail sk-abcdefghijklmnopqrstuvwxyz@example.com')).toEqual([['EMAIL', 'sk-abcdefghijklmnopqrstuvwxyz@example.com']]);
    expect(found('ip 10.0.0.1')).toEqual([['IP_ADDRESS', '10.0.0.1']]);
  });

  it('looks only for the configured entities', () => {
    const emailOnly: PiiScanOptions = { actions: new Map([['EMAIL', 'block']]), phoneRegion: 'US' };
    expect(findPii('a@example.com 4111 1111 1111 1111', emailOnly)).toEqual([{ start: 0, end: 13, label: 'EMAIL', action: 'block' }]);
  });
});
