/**
 * Splits decoded SSE text into lines ending in `\n`, `\r\n` or `\r`, whatever the chunk boundaries:
 * a chunk may end inside a line or between the `\r` and `\n` of one line ending.
 */
export class SseLineSplitter {
  private partial = '';
  /** The previous chunk ended on `\r`, so a leading `\n` in the next one belongs to that ending. */
  private skipLeadingLf = false;

  push(text: string): string[] {
    let input = text;
    if (this.skipLeadingLf && input.startsWith('\n')) input = input.slice(1);
    this.skipLeadingLf = false;

    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      const char = input.charCodeAt(i);
      if (char !== 10 && char !== 13) continue;
      lines.push(this.partial + input.slice(start, i));
      this.partial = '';
      if (char === 13) {
        if (i + 1 === input.length) this.skipLeadingLf = true;
        else if (input.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.partial += input.slice(start);
    return lines;
  }

  /** Text after the last line ending: non-empty only when the stream stopped mid-line. */
  rest(): string {
    return this.partial;
  }
}
