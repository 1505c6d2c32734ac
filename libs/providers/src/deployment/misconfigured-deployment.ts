import { ProviderError } from '../provider-error.ts';

/**
 * A deployment that cannot be called as configured is reported like an unreachable one (retryable,
 * 503): the router then moves to a healthy deployment of the group instead of failing the request.
 * The message names the missing or unreadable setting (never its value).
 */
export function misconfiguredDeployment(message: string): ProviderError {
  return new ProviderError('upstream_unavailable', 503, message, { code: 'deployment_misconfigured' });
}
