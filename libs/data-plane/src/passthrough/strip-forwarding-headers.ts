import type { ClientRequest, IncomingHttpHeaders } from 'node:http';

/** RFC 9110 §7.6.1: they describe the client's connection to us, not ours to the provider. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'te', 'trailer', 'transfer-encoding', 'upgrade'];
/** Who the client says it is or went through: the provider must see the gateway, not a story it cannot check. */
const FORWARDING = ['forwarded', 'x-real-ip', 'via'];
const STRIPPED_PREFIXES = ['proxy-', 'x-forwarded-'];

/**
 * Removes, from a passthrough request about to leave, the client's hop-by-hop headers (the fixed list,
 * `proxy-*`, and every header its `Connection` names) and its forwarding headers (`Forwarded`,
 * `X-Forwarded-*`, `X-Real-IP`, `Via`). A chunked client body is sent chunked again, as this hop's own
 * framing: Node only chunks POST/PUT/PATCH bodies by itself.
 */
export function stripForwardingHeaders(proxyReq: ClientRequest, clientHeaders: IncomingHttpHeaders): void {
  const named = typeof clientHeaders.connection === 'string' ? clientHeaders.connection.split(',').map((token) => token.trim().toLowerCase()) : [];
  for (const name of [...HOP_BY_HOP, ...FORWARDING, ...named]) if (name !== '') proxyReq.removeHeader(name);
  for (const name of proxyReq.getHeaderNames()) {
    if (STRIPPED_PREFIXES.some((prefix) => name.startsWith(prefix))) proxyReq.removeHeader(name);
  }
  if (clientHeaders['transfer-encoding'] !== undefined && clientHeaders['content-length'] === undefined) proxyReq.setHeader('transfer-encoding', 'chunked');
}
