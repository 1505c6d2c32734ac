/** The text a semantic lookup embeds: every message's text (chat, Anthropic), the prompt, or the input, in order. */
export function promptTextOf(body: Record<string, unknown>): string {
  const parts: string[] = [];
  const take = (value: unknown): void => {
    if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(take);
    else if (value && typeof value === 'object') {
      const item = value as Record<string, unknown>;
      if (typeof item.text === 'string') parts.push(item.text);
      else if (item.content !== undefined) take(item.content);
    }
  };
  if (body.system !== undefined) take(body.system);
  for (const field of ['messages', 'prompt', 'input']) if (body[field] !== undefined) take(body[field]);
  return parts.join('\n');
}
