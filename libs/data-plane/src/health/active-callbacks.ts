/** A logging callback this gateway runs on every call, and the outcomes it receives. */
export interface ActiveCallback {
  name: string;
  success: boolean;
  failure: boolean;
}

/**
 * LiteLLM's `/active/callbacks` answer for what this gateway runs: config-wide callbacks by the outcomes they get
 * (success only, failure only, both), and the alerting channels on (`alerting`, null when none). A key's or team's own callbacks
 * are theirs, not the proxy's, and are not listed (as in LiteLLM).
 */
export function activeCallbacksView(callbacks: readonly ActiveCallback[], requestTimeoutS: number, alerting: readonly string[] = []): Record<string, unknown> {
  const both = callbacks.filter((cb) => cb.success && cb.failure).map((cb) => cb.name);
  const success = callbacks.filter((cb) => cb.success && !cb.failure).map((cb) => cb.name);
  const failure = callbacks.filter((cb) => cb.failure && !cb.success).map((cb) => cb.name);
  const all = [...both, ...success, ...failure];
  return {
    alerting: alerting.length > 0 ? [...alerting] : null,
    'litellm.callbacks': both,
    'litellm.input_callback': [],
    'litellm.failure_callback': failure,
    'litellm.success_callback': success,
    'litellm._async_success_callback': [],
    'litellm._async_failure_callback': [],
    'litellm._async_input_callback': [],
    all_litellm_callbacks: all,
    num_callbacks: all.length,
    num_alerting: alerting.length,
    'litellm.request_timeout': requestTimeoutS,
  };
}
