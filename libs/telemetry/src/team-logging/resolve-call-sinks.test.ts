import { describe, expect, it } from 'vitest';
import { parseTelemetrySettings } from '../settings/parse-telemetry-settings.ts';
import { createCallSinksResolver } from './resolve-call-sinks.ts';

const { settings } = parseTelemetrySettings({
  litellmSettings: {
    success_callback: ['langfuse'],
    callbacks: ['audit'],
    default_team_settings: [{ team_id: 'research', success_callback: ['langfuse'], langfuse_public_key: 'pk-research', langfuse_secret_key: 'sk-research' }],
  },
  callbackSettings: { audit: { callback_type: 'generic_api', endpoint: 'http://audit.internal:9000/calls' } },
  generalSettings: { logging_destination_allowlist: ['cloud.langfuse.com', '*.hooks.example.com'] },
  env: { LANGFUSE_PUBLIC_KEY: 'pk-global', LANGFUSE_SECRET_KEY: 'sk-global' },
});
const resolve = createCallSinksResolver(settings);
const webhookEntry = (endpoint: string) => ({ logging: [{ callback_name: 'generic_api', callback_type: 'failure', callback_vars: { generic_logger_endpoint: endpoint, generic_logger_headers: 'Authorization=Bearer team' } }] });
const names = (sinks: readonly { name: string; kind: string }[]) => sinks.map((sink) => `${sink.kind}:${sink.name}`);

describe('resolveCallSinks', () => {
  it("hands back the config's sinks untouched when neither team nor key has logging settings", () => {
    const resolved = resolve({ teamId: 'other', key: { name: 'ci', metadata: { tags: ['x'] } } });
    expect(resolved.sinks).toBe(settings.sinks);
    expect(resolved.problems).toEqual([]);
  });

  it("replaces the global Langfuse with the team's project from default_team_settings, keeping the other sinks", () => {
    const { sinks } = resolve({ teamId: 'research' });
    expect(names(sinks)).toEqual(['generic_api:audit', 'langfuse:langfuse']);
    expect(sinks.find((sink) => sink.kind === 'langfuse')).toMatchObject({ publicKey: 'pk-research' });
  });

  it("adds a non-admin key's webhook on the allow-list, next to the admin's sinks", () => {
    const { sinks, problems } = resolve({ key: { name: 'ci', metadata: webhookEntry('https://team-a.hooks.example.com/llm') } });
    expect(problems).toEqual([]);
    expect(names(sinks)).toEqual(['langfuse:langfuse', 'generic_api:audit', 'generic_api:generic_api']);
    expect(sinks.at(-1)).toMatchObject({ endpoint: 'https://team-a.hooks.example.com/llm', headers: { Authorization: 'Bearer team' }, events: { success: false, failure: true } });
  });

  it('refuses destinations a non-admin points at internal or unlisted hosts', () => {
    for (const endpoint of ['http://169.254.169.254/latest/meta-data', 'http://127.0.0.1:6379/', 'https://hooks.example.com.evil.net/']) {
      const { sinks, problems } = resolve({ key: { name: 'ci', metadata: webhookEntry(endpoint) } });
      expect(sinks).toBe(settings.sinks);
      expect(problems).toEqual([`key ci metadata.logging[0]: destination ${new URL(endpoint).origin} is not on the logging destination allow-list`]);
    }
    const langfuse = resolve({ team: { name: 'growth', metadata: { callback_settings: { success_callback: ['langfuse'], callback_vars: { langfuse_public_key: 'pk', langfuse_secret_key: 'sk', langfuse_host: 'http://langfuse.internal:3000' } } } } });
    expect(langfuse.problems).toEqual(['team growth metadata.callback_settings: destination http://langfuse.internal:3000 is not on the logging destination allow-list']);
  });

  it("lets an admin's metadata use any destination, and turn logging off for a team", () => {
    const internal = resolve({ team: { name: 'ops', setByAdmin: true, metadata: webhookEntry('http://collector.internal:8080/in') } });
    expect(internal.problems).toEqual([]);
    expect(internal.sinks.at(-1)).toMatchObject({ endpoint: 'http://collector.internal:8080/in' });

    const disabled = { callback_settings: { success_callback: [], failure_callback: [] } };
    expect(resolve({ team: { name: 'gdpr', setByAdmin: true, metadata: disabled } }).sinks).toEqual([]);
    const ignored = resolve({ team: { name: 'gdpr', metadata: disabled } });
    expect(ignored.sinks).toBe(settings.sinks);
    expect(ignored.problems).toEqual(['turning logging off in metadata is for admins only; ignored']);
  });

  it("keeps a non-admin's Langfuse on the default cloud host, with its own message setting", () => {
    const { sinks } = resolve({ key: { name: 'ci', metadata: { logging: [{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk-ci', langfuse_secret_key: 'sk-ci', turn_off_message_logging: 'true' } }] } } });
    expect(sinks.at(-1)).toMatchObject({ kind: 'langfuse', host: 'https://cloud.langfuse.com', publicKey: 'pk-ci', turnOffMessageLogging: true, events: { success: true, failure: true } });
  });

  it('refuses environment references, S3 without its own keys, and callbacks that cannot be set per key', () => {
    const { sinks, problems } = resolve({
      key: {
        name: 'ci',
        metadata: {
          logging: [
            { callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'os.environ/LANGFUSE_PUBLIC_KEY', langfuse_secret_key: 'os.environ/LANGFUSE_SECRET_KEY' } },
            { callback_name: 's3', callback_vars: { s3_bucket_name: 'mine' } },
            { callback_name: 'gcs_bucket', callback_vars: {} },
            { callback_name: 's3', callback_type: 'sometimes', callback_vars: {} },
          ],
        },
      },
    });
    expect(sinks).toBe(settings.sinks);
    expect(problems).toEqual([
      'key ci metadata.logging[0]: os.environ/ references are not allowed in key or team metadata',
      'key ci metadata.logging[1]: s3 needs s3_aws_access_key_id and s3_aws_secret_access_key of its own',
      'key ci metadata.logging[2].callback_name: "gcs_bucket" cannot be set per key or team (langfuse, s3, generic_api can)',
      'key ci metadata.logging[3].callback_type: "sometimes" is not success, failure or success_and_failure',
    ]);
  });

  it('names the missing variable of an incomplete entry', () => {
    const { problems } = resolve({ key: { name: 'ci', metadata: { logging: [{ callback_name: 'langfuse', callback_vars: { langfuse_public_key: 'pk' } }] } } });
    expect(problems).toEqual(['langfuse: key ci metadata.logging[0].callback_vars.langfuse_secret_key is required']);
  });
});
