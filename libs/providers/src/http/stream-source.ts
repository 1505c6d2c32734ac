/**
 * What a stream reader needs from an upstream response: its body chunks, and a way to say the stream's
 * own end marker arrived (so leaving the iteration early lets the response finish and the connection
 * return to the pool). `UpstreamResponse` is one.
 */
export interface StreamSource {
  body: AsyncIterable<Uint8Array>;
  protocolEnded(): void;
}
