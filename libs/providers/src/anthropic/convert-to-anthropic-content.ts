import type { CacheControlEphemeral, DocumentBlockParam, ImageBlockParam, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { ProviderError } from '../provider-error.ts';
import type { OpenAIContentPart } from '../openai-wire/openai-chat-request.ts';

export type AnthropicUserBlock = TextBlockParam | ImageBlockParam | DocumentBlockParam;

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;
const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];

function unsupported(message: string): ProviderError {
  return new ProviderError('unsupported', 400, message, { code: 'unsupported_content' });
}

function isImageMediaType(value: string): value is ImageMediaType {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(value);
}

/** `image_url.url`: a `data:` URL becomes a base64 source, anything else a URL source Anthropic fetches. */
export function convertImageUrl(url: string): ImageBlockParam {
  const data = DATA_URL.exec(url);
  if (!data) return { type: 'image', source: { type: 'url', url } };
  const mediaType = (data[1] as string).toLowerCase();
  if (!isImageMediaType(mediaType)) throw unsupported(`Anthropic does not accept images of type ${mediaType}; use ${IMAGE_MEDIA_TYPES.join(', ')}`);
  return { type: 'image', source: { type: 'base64', media_type: mediaType, data: data[2] as string } };
}

/** An OpenAI `file` part: PDFs and plain text as Anthropic documents (uploaded file ids cannot be resolved). */
function convertFile(file: NonNullable<OpenAIContentPart['file']>): DocumentBlockParam {
  const data = DATA_URL.exec(file.file_data ?? '');
  if (!data) throw unsupported('Anthropic needs files inline as file_data (a base64 data: URL); file_id is not supported');
  const mediaType = (data[1] as string).toLowerCase();
  const title = file.filename ? { title: file.filename } : {};
  if (mediaType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: data[2] as string }, ...title };
  if (mediaType === 'text/plain') return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(data[2] as string, 'base64').toString('utf8') }, ...title };
  throw unsupported(`Anthropic does not accept files of type ${mediaType}; use application/pdf or text/plain`);
}

function withCacheControl<T extends AnthropicUserBlock>(block: T, cacheControl: OpenAIContentPart['cache_control']): T {
  // Anthropic validates the value itself; passing the client's object keeps newer options (ttl) working.
  return cacheControl ? { ...block, cache_control: cacheControl as unknown as CacheControlEphemeral } : block;
}

/** One OpenAI content part as an Anthropic block; undefined for empty text, which Anthropic refuses. */
export function convertContentPart(part: OpenAIContentPart): AnthropicUserBlock | undefined {
  switch (part.type) {
    case 'text':
      return part.text ? withCacheControl({ type: 'text', text: part.text }, part.cache_control) : undefined;
    case 'image_url':
      if (!part.image_url) throw unsupported('image_url parts need an image_url.url');
      return withCacheControl(convertImageUrl(part.image_url.url), part.cache_control);
    case 'file':
      if (!part.file) throw unsupported('file parts need a file object');
      return withCacheControl(convertFile(part.file), part.cache_control);
    default:
      throw unsupported(`Anthropic does not accept content parts of type ${part.type}`);
  }
}

/** A message's `content` (string or parts) as blocks. */
export function convertContent(content: string | OpenAIContentPart[] | null | undefined): AnthropicUserBlock[] {
  if (content === null || content === undefined || content === '') return [];
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.map(convertContentPart).filter((block): block is AnthropicUserBlock => block !== undefined);
}
