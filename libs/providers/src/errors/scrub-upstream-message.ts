import { scrubSecrets } from './scrub-secrets.ts';

const MAX_MESSAGE_LENGTH = 1000;

/**
 * An upstream's error text as a message safe to show our client: the deployment's secrets and
 * key-shaped text redacted, plus the provider's own key shapes (`keyPatterns`, global regexes: AWS
 * access key ids, Google `AIza...` keys), and cut to a length a log line can hold.
 */
export function scrubUpstreamMessage(text: string, secrets: readonly (string | undefined)[] = [], keyPatterns: readonly RegExp[] = []): string {
  let scrubbed = scrubSecrets(text, secrets);
  for (const pattern of keyPatterns) scrubbed = scrubbed.replace(pattern, '[redacted]');
  return scrubbed.slice(0, MAX_MESSAGE_LENGTH);
}
