import { describe, expect, it } from 'vitest';
import { createSseParser, parseChatStreamData } from './sse.ts';

const chunk = (content: string, extra: Record<string, unknown> = {}) => JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: null }], ...extra });

describe('createSseParser', () => {
  it('parses whole events', () => {
    const parser = createSseParser();
    expect(parser.push(`data: ${chunk('Hel')}\n\ndata: ${chunk('lo')}\n\n`).map((e) => e.data)).toEqual([chunk('Hel'), chunk('lo')]);
  });

  it('reassembles events split anywhere, even inside a line or a CRLF', () => {
    const stream = `data: ${chunk('a')}\r\n\r\ndata: ${chunk('b')}\r\n\r\ndata: [DONE]\r\n\r\n`;
    for (let size = 1; size < 12; size++) {
      const parser = createSseParser();
      const data: string[] = [];
      for (let i = 0; i < stream.length; i += size) data.push(...parser.push(stream.slice(i, i + size)).map((e) => e.data));
      data.push(...parser.end().map((e) => e.data));
      expect(data, `chunks of ${size}`).toEqual([chunk('a'), chunk('b'), '[DONE]']);
    }
  });

  it('skips comments (keep-alives), joins multi-line data, reads event names', () => {
    const parser = createSseParser();
    const events = parser.push(': ping\n\nevent: error\ndata: line one\ndata:line two\n\n');
    expect(events).toEqual([{ event: 'error', data: 'line one\nline two' }]);
  });

  it('dispatches a last event that has no blank line when the stream ends', () => {
    const parser = createSseParser();
    expect(parser.push('data: [DONE]')).toEqual([]);
    expect(parser.end()).toEqual([{ event: 'message', data: '[DONE]' }]);
  });

  it('handles a bare \\r line ending', () => {
    const parser = createSseParser();
    expect(parser.push('data: x\r\rdata: y\r').map((e) => e.data)).toEqual(['x']);
    // The closing \r could still be the first half of \r\n: the event goes out with what follows it.
    expect(parser.push('\r').map((e) => e.data)).toEqual([]);
    expect(parser.push('data: z\n\n').map((e) => e.data)).toEqual(['y', 'z']);
  });
});

describe('parseChatStreamData', () => {
  it('turns chunks into text deltas, finish reasons and usage', () => {
    expect(parseChatStreamData(chunk('Hi'))).toEqual([{ type: 'delta', text: 'Hi' }]);
    expect(parseChatStreamData(JSON.stringify({ choices: [{ delta: {}, finish_reason: 'stop' }] }))).toEqual([{ type: 'finish', reason: 'stop' }]);
    expect(parseChatStreamData(JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } }))).toEqual([{ type: 'usage', usage: { prompt_tokens: 3, completion_tokens: 5, total_tokens: 8 } }]);
  });

  it('ends on [DONE]', () => {
    expect(parseChatStreamData('[DONE]')).toEqual([{ type: 'done' }]);
  });

  it('reports an error event in words, and never crashes on junk', () => {
    expect(parseChatStreamData(JSON.stringify({ error: { message: 'Budget exceeded', type: 'budget_exceeded' } }))).toEqual([{ type: 'error', message: 'Budget exceeded' }]);
    expect(parseChatStreamData('{not json')).toEqual([{ type: 'error', message: 'The gateway sent a stream event the playground cannot read.' }]);
    expect(parseChatStreamData('42')).toEqual([]);
    expect(parseChatStreamData(JSON.stringify({ choices: [{ delta: { role: 'assistant' } }] }))).toEqual([]);
  });
});
