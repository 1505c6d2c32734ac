import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate, type BrotliDecompress, type Gunzip, type Inflate } from 'node:zlib';
import type { SecretMask } from '@switchboard/providers';

/** Describe the provider's connection to us, not ours to the client (Node frames the client's answer itself). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Encodings the gateway can undo to look into the body (it asks for `identity`, but a provider may ignore that). */
const DECODERS: Readonly<Record<string, () => Gunzip | Inflate | BrotliDecompress>> = { gzip: createGunzip, 'x-gzip': createGunzip, deflate: createInflate, br: createBrotliDecompress };

/**
 * Relays a passthrough answer as it arrives, with the upstream's credentials masked in its bytes (a key
 * split across chunks included: see SecretMaskStream). The mask keeps the length, so the upstream's
 * Content-Length stays true; a compressed answer is decoded first and sent without Content-Length. An
 * encoding we cannot decode cannot be checked, so it is refused (`false`: the caller answers 502).
 * `observe` sees the decoded bytes as they go (the usage reader).
 */
export function relayPassthroughResponse(proxyRes: IncomingMessage, res: ServerResponse, mask: SecretMask, onUpstreamFailure: () => void, observe?: (chunk: Buffer) => void): boolean {
  const encoding = String(proxyRes.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const decoder = encoding === 'identity' ? undefined : DECODERS[encoding];
  if (encoding !== 'identity' && !decoder) {
    proxyRes.resume();
    return false;
  }
  const named = String(proxyRes.headers.connection ?? '').split(',').map((token) => token.trim().toLowerCase());
  res.statusCode = proxyRes.statusCode ?? 502;
  for (const [name, value] of Object.entries(proxyRes.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    if (decoder && (name === 'content-encoding' || name === 'content-length')) continue;
    res.setHeader(name, value);
  }
  const masker = mask.stream();
  const masking = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      observe?.(chunk);
      const out = masker.push(chunk);
      done(null, out.length > 0 ? out : undefined);
    },
    flush(done) {
      const rest = masker.end();
      done(null, rest.length > 0 ? rest : undefined);
    },
  });
  const done = (error: NodeJS.ErrnoException | null) => {
    if (!error) return;
    // A client that left is not an upstream failure; either way the client sees the cut, never a made-up end.
    if (!res.destroyed) onUpstreamFailure();
    res.destroy();
  };
  if (decoder) pipeline(proxyRes, decoder(), masking, res, done);
  else pipeline(proxyRes, masking, res, done);
  return true;
}
