/** A batch a sink did not take. Retryable ones stay queued and are tried again with backoff; the others are dropped. */
export class SinkDeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SinkDeliveryError';
  }

  /** 408, 409, 425, 429 and 5xx are worth another try; other answers will not change. */
  static fromStatus(sink: string, status: number): SinkDeliveryError {
    const retryable = status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
    return new SinkDeliveryError(`${sink} answered ${status}`, retryable, status);
  }
}

/** Anything thrown while delivering: our own errors as they are, anything else (network, timeout) as retryable. */
export function asDeliveryError(error: unknown): SinkDeliveryError {
  if (error instanceof SinkDeliveryError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SinkDeliveryError(message, true);
}
