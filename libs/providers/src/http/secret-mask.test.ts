import { describe, expect, it } from 'vitest';
import { deploymentSecrets } from './deployment-secrets.ts';
import { SecretMask } from './secret-mask.ts';

const KEY = 'sk-upstream-secret-0123456789';
const stars = (text: string) => '*'.repeat(text.length);

describe('SecretMask', () => {
  it('masks every occurrence with stars of the same length, in text and bytes', () => {
    const mask = SecretMask.of([KEY]);
    expect(mask.maskText(`{"a":"${KEY}","b":"x${KEY}y"}`)).toBe(`{"a":"${stars(KEY)}","b":"x${stars(KEY)}y"}`);
    const bytes = Buffer.from(`echo ${KEY} twice ${KEY}`);
    const masked = mask.maskBytes(bytes);
    expect(masked.toString()).toBe(`echo ${stars(KEY)} twice ${stars(KEY)}`);
    expect(masked.length).toBe(bytes.length);
    expect(bytes.toString()).toContain(KEY); // the caller's buffer is not changed
  });

  it('returns the same text or buffer when nothing matches, and ignores short or missing values', () => {
    const chunk = Buffer.from('nothing to see');
    expect(SecretMask.of([KEY]).maskBytes(chunk)).toBe(chunk);
    const mask = SecretMask.of([undefined, 'short', '1234567']);
    expect(mask.empty).toBe(true);
    expect(mask.maskText('short 1234567')).toBe('short 1234567');
  });

  it('also finds a secret as JSON escapes it (a PEM key inside a JSON body)', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    const escaped = JSON.stringify(pem).slice(1, -1);
    expect(SecretMask.of([pem]).maskText(`{"echo":"${escaped}"}`)).toBe(`{"echo":"${stars(escaped)}"}`);
  });

  it('catches a secret split across stream chunks, keeping back only a tail that could start one', () => {
    const stream = SecretMask.of([KEY]).stream();
    const body = `data: {"echo":"${KEY}"}\n\n`;
    const cut = body.indexOf(KEY) + 10;
    const first = stream.push(Buffer.from(body.slice(0, cut)));
    expect(first.toString()).toBe('data: {"echo":"'); // the key's first 10 bytes wait for the next chunk
    const second = stream.push(Buffer.from(body.slice(cut)));
    expect(Buffer.concat([first, second, stream.end()]).toString()).toBe(`data: {"echo":"${stars(KEY)}"}\n\n`);
  });

  it('keeps nothing back when a chunk cannot end in a secret, and flushes a tail that never completed one', () => {
    const stream = SecretMask.of([KEY]).stream();
    expect(stream.push(Buffer.from('data: {"n":1}\n\n')).toString()).toBe('data: {"n":1}\n\n');
    expect(stream.push(Buffer.from('ends with sk-up')).toString()).toBe('ends with ');
    expect(stream.push(Buffer.from('per case')).toString()).toBe('sk-upper case');
    expect(stream.push(Buffer.from('and sk')).toString()).toBe('and ');
    expect(stream.end().toString()).toBe('sk');
  });
});

describe('deploymentSecrets', () => {
  it('lists the API key and credential-named parameters, inside a service account too, and no prices', () => {
    const account = JSON.stringify({ type: 'service_account', project_id: 'my-project', private_key_id: 'abcdef0123456789', private_key: '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n', client_email: 'sa@my-project.iam.gserviceaccount.com' });
    const secrets = deploymentSecrets({
      apiKey: KEY,
      params: { aws_access_key_id: 'AKIAEXAMPLE0000', aws_secret_access_key: 'secret-access-key-value', azure_ad_token: 'ad-token-value-0001', vertex_credentials: account, input_cost_per_token: '0.000001', vertex_project: 'my-project', organization: 'org-123456789' },
    });
    expect(secrets.sort()).toEqual([KEY, 'AKIAEXAMPLE0000', 'secret-access-key-value', 'ad-token-value-0001', 'abcdef0123456789', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n'].sort());
  });
});
