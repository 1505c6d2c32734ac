import { ProviderError } from '@switchboard/providers';

/**
 * LiteLLM's request flags for testing fallbacks, each making the requested model group fail as that error would
 * (before any upstream call) so the configured fallbacks run: `mock_testing_fallbacks` (a server error: `fallbacks`),
 * `mock_testing_context_fallbacks` (`context_window_fallbacks`), `mock_testing_content_policy_fallbacks`
 * (`content_policy_fallbacks`), `mock_testing_rate_limit_error` (a 429: `fallbacks`).
 */
const FLAGS: ReadonlyArray<[flag: string, failure: () => ProviderError]> = [
  ['mock_testing_fallbacks', () => new ProviderError('upstream_error', 500, 'This is a mock exception for testing fallbacks (mock_testing_fallbacks)')],
  ['mock_testing_context_fallbacks', () => new ProviderError('context_window_exceeded', 400, 'This is a mock exception for testing context window fallbacks (mock_testing_context_fallbacks)', { code: 'context_length_exceeded' })],
  ['mock_testing_content_policy_fallbacks', () => new ProviderError('content_policy', 400, 'This is a mock exception for testing content policy fallbacks (mock_testing_content_policy_fallbacks)', { code: 'content_policy_violation' })],
  ['mock_testing_rate_limit_error', () => new ProviderError('rate_limit', 429, 'This is a mock exception for testing rate limit fallbacks (mock_testing_rate_limit_error)')],
];

/**
 * The failure the request asks to simulate, if any. The flags are taken out of the body: they are the gateway's,
 * and an upstream would refuse a parameter it does not know.
 */
export function takeSimulatedFailure(body: Record<string, unknown>): ProviderError | undefined {
  let failure: ProviderError | undefined;
  for (const [flag, make] of FLAGS) {
    if (!(flag in body)) continue;
    if (body[flag] === true && failure === undefined) failure = make();
    delete body[flag];
  }
  return failure;
}
