import { isRecord, mapContent, mapItems, mapStringLeaves, withField, type TextMapper } from './text-mapper.ts';

/**
 * An Anthropic message's content (or a `system`): a string or blocks. Text blocks are texts; a `tool_use`
 * block's input is an object whose strings are checked; a `tool_result`'s content (string or text blocks)
 * is a tool result. Thinking blocks are signed and left alone, as are images and documents.
 */
export function mapAnthropicContent(content: unknown, role: string | undefined, map: TextMapper): unknown {
  if (!Array.isArray(content)) return mapContent(content, role, 'content', map);
  return mapItems(content, (block) => {
    if (!isRecord(block)) return block;
    switch (block.type) {
      case 'text':
        return typeof block.text === 'string' ? withField(block, 'text', map(block.text, role, 'content')) : block;
      case 'tool_use':
      case 'server_tool_use':
        return withField(block, 'input', mapStringLeaves(block.input, (text) => map(text, role, 'tool_arguments')));
      case 'tool_result':
        return withField(block, 'content', mapContent(block.content, role, 'tool_result', map));
      default:
        return block;
    }
  });
}
