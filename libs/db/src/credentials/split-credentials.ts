/** `api_key`, `aws_secret_access_key`, `aws_session_token`, `vertex_credentials`, `client_secret`, `password`... */
const CREDENTIAL_NAME = /(?:^|_)(?:key|secret|token|password|credentials?)$/i;
const CREDENTIAL_NAMES = new Set(['aws_access_key_id']);
/** Prices (`input_cost_per_token`, `output_cost_per_reasoning_token`) end like a token's name but are no secret. */
const PRICE_NAME = /(?:^|_)cost_per_/i;
/** `os.environ/NAME` names a variable; it is not itself a secret and stays readable. */
const ENV_REFERENCE = /^os\.environ\/[A-Za-z_][A-Za-z0-9_]*$/;

export function isCredentialField(name: string): boolean {
  return (CREDENTIAL_NAME.test(name) && !PRICE_NAME.test(name)) || CREDENTIAL_NAMES.has(name.toLowerCase());
}

/** Splits `litellm_params` into what may be stored as plain JSON and what must be encrypted. */
export function splitCredentials(params: Record<string, unknown>): { plain: Record<string, unknown>; credentials: Record<string, unknown> } {
  const plain: Record<string, unknown> = {};
  const credentials: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    const secret = isCredentialField(name) && value !== null && value !== undefined && !(typeof value === 'string' && ENV_REFERENCE.test(value));
    (secret ? credentials : plain)[name] = value;
  }
  return { plain, credentials };
}
