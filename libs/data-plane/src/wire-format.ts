import type { Response } from 'express';
import type { SecretMask, StreamEvent, Usage } from '@switchboard/providers';
import { sendError, type HttpError } from '@switchboard/service-kit';

/** Turns one request's upstream stream into the client's SSE frames; one instance per request. */
export interface StreamTranslator {
  /** Frames for one upstream event ('' to send nothing). */
  frames(event: StreamEvent): string;
  /** Frames that close a complete stream. */
  end(usage: Usage | undefined): string;
  /** Frames for an error after the first byte (the stream then closes). */
  error(error: HttpError): string;
}

/**
 * How a family of endpoints talks to its clients: OpenAI's shapes for `/v1/chat/completions` and friends,
 * Anthropic's for `/v1/messages`. Routing, calling and accounting are shared; only the wire differs.
 */
export interface WireFormat {
  /**
   * `text`, when given, is the upstream's JSON text of `body`, unchanged (JsonResult.text). The serialized
   * answer goes through `mask` (the deployment's credentials) before it is written. Returns the text written
   * (what the response cache keeps, so it is neither serialized nor masked twice).
   */
  writeJson(res: Response, body: Record<string, unknown>, usage: Usage, text: string | undefined, mask: SecretMask): string;
  sendError(res: Response, error: HttpError): void;
  stream(): StreamTranslator;
  /** The JSON a client of this wire receives for an upstream answer (what the response cache keeps); `body` by default. */
  clientBody?(body: Record<string, unknown>, usage: Usage): Record<string, unknown>;
  /** The id the client sees for an upstream answer id (Anthropic's translated answers derive a `msg_` id); the same by default. */
  clientId?(upstreamId: string): string;
}

/** The JSON a client of `format` receives for an upstream answer (see WireFormat.clientBody). */
export function clientBodyOf(format: WireFormat, body: Record<string, unknown>, usage: Usage): Record<string, unknown> {
  return format.clientBody ? format.clientBody(body, usage) : body;
}

/** OpenAI's wire: the upstream's OpenAI-format body and chunks go out unchanged. */
export function openAiWireFormat(options: { clientWantsUsage: boolean; endMarker: boolean }): WireFormat {
  return {
    writeJson(res, body, _usage, upstreamText, mask) {
      // Straight to the socket: Express's res.json adds charset negotiation and a second header pass. The
      // upstream's own text when we have it: same JSON, and no second serialization.
      const text = mask.maskText(upstreamText ?? JSON.stringify(body));
      res.writeHead(200, ['content-type', 'application/json', 'content-length', String(Buffer.byteLength(text))]);
      res.end(text);
      return text;
    },
    sendError,
    stream() {
      return {
        frames(event) {
          // The usage-only chunk exists because we asked the upstream for it; pass it on only if the client did.
          if (event.usage && !options.clientWantsUsage && !event.finished && event.data.includes('"choices":[]')) return '';
          return event.event ? `event: ${event.event}\ndata: ${event.data}\n\n` : `data: ${event.data}\n\n`;
        },
        end() {
          // The Responses API closes with its own `response.completed` event and no [DONE] marker.
          return options.endMarker ? 'data: [DONE]\n\n' : '';
        },
        error(error) {
          return `data: ${JSON.stringify({ error: { message: error.message, type: error.type, param: error.param, code: error.code } })}\n\n`;
        },
      };
    },
  };
}
