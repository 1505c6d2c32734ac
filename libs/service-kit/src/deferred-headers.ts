import { ServerResponse, type IncomingMessage, type OutgoingHttpHeader, type OutgoingHttpHeaders } from 'node:http';

type GivenHeaders = OutgoingHttpHeaders | OutgoingHttpHeader[];

/**
 * The response class of our servers: headers given with `addHeader` wait in one flat list and go out in the
 * response's single `writeHead`, as one array. Node's `setHeader` keeps each header in a per-response
 * dictionary (a lower-cased copy of the name, a [name, value] pair, then a second walk when the head is
 * written); an answer carries about 25 headers (request id, deployment, rate limits, cost, overhead), and
 * through `setHeader` they cost twice what one array costs (README, Benchmarks, issue #19).
 *
 * Every way a head gets written goes through `writeHead` (`end`, `write` and `flushHeaders` call it when no
 * head went out yet), so a deferred header cannot be left behind. Headers given to `writeHead` itself win
 * over deferred ones of the same name, as they win over `setHeader`'s. Express replaces the prototype of the
 * responses it handles; `addHeader` sees that (`instanceof`) and uses `setHeader` for them, and nothing was
 * deferred before the swap (the request context runs after it).
 */
export class DeferredHeadersResponse<Request extends IncomingMessage = IncomingMessage> extends ServerResponse<Request> {
  /** name, value, name, value, ...: names in lower case. */
  deferred: string[] | undefined = undefined;

  override writeHead(statusCode: number, reasonOrHeaders?: string | GivenHeaders, maybeHeaders?: GivenHeaders): this {
    const deferred = this.deferred;
    if (deferred === undefined) return super.writeHead(statusCode, reasonOrHeaders as string, maybeHeaders);
    this.deferred = undefined;
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const given = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    const headers: OutgoingHttpHeader[] = given === undefined ? deferred : withGiven(deferred, given);
    return reason === undefined ? super.writeHead(statusCode, headers) : super.writeHead(statusCode, reason, headers);
  }
}

/**
 * The deferred list, less the names `given` sets, then `given`'s headers. The list itself is reused (it was taken
 * off the response): a JSON answer gives two headers (type and length) that nothing deferred, and new arrays for
 * the names, the kept headers and their concatenation were a microsecond per answer.
 */
function withGiven(deferred: string[], given: GivenHeaders): OutgoingHttpHeader[] {
  const flat = flatHeaders(given);
  const out: OutgoingHttpHeader[] = deferred;
  for (let i = 0; i < flat.length; i += 2) {
    const at = valueIndex(deferred, String(flat[i]).toLowerCase());
    if (at !== -1) deferred.splice(at - 1, 2);
  }
  for (let i = 0; i < flat.length; i++) out.push(flat[i] as OutgoingHttpHeader);
  return out;
}

/**
 * Any form writeHead takes (an object, a flat array, an array of pairs) as a flat array. An undefined value in
 * a headers object means "no such header"; it is left out.
 */
function flatHeaders(given: GivenHeaders): OutgoingHttpHeader[] {
  if (!Array.isArray(given)) {
    const flat: OutgoingHttpHeader[] = [];
    for (const name in given) if (Object.hasOwn(given, name) && given[name] !== undefined) flat.push(name, given[name] as OutgoingHttpHeader);
    return flat;
  }
  return given.length > 0 && Array.isArray(given[0]) ? (given as unknown as OutgoingHttpHeader[][]).flat(1) : given;
}

/** Where `name`'s value is in a deferred list, or -1. */
function valueIndex(deferred: string[], name: string): number {
  for (let i = 0; i < deferred.length; i += 2) if (deferred[i] === name) return i + 1;
  return -1;
}

/**
 * Sets a response header (lower-case `name`, a value the caller knows to be a valid header value): deferred to
 * the one `writeHead` on our servers' responses, `setHeader` on any other. The same name again replaces it.
 * A header name goes through this or through `setHeader`, not both: when both set one, the deferred one wins.
 */
export function addHeader(res: ServerResponse, name: string, value: string): void {
  if (!(res instanceof DeferredHeadersResponse) || res.headersSent) {
    res.setHeader(name, value);
    return;
  }
  const deferred = res.deferred;
  if (deferred === undefined) {
    res.deferred = [name, value];
    return;
  }
  const at = valueIndex(deferred, name);
  if (at === -1) deferred.push(name, value);
  else deferred[at] = value;
}

/** A header set so far, by `addHeader` or by `setHeader` (lower-case `name`). */
export function headerOf(res: ServerResponse, name: string): string | number | string[] | undefined {
  const deferred = res instanceof DeferredHeadersResponse ? res.deferred : undefined;
  const at = deferred === undefined ? -1 : valueIndex(deferred, name);
  return at === -1 ? res.getHeader(name) : (deferred as string[])[at];
}
