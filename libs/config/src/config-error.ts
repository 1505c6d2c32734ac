/** A config problem found at startup; the message names the place (`model_list[0].litellm_params.api_key`). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
