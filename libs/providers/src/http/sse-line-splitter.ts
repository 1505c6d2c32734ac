/**
 * Splits decoded SSE text into lines ending in `\n`, `\r\n` or `\r`, whatever the chunk boundaries:
 * a chunk may end inside a line or between the `\r` and `\n` of one line ending. Line ends are found
 * with `indexOf` (each kind of ending searched for once per position it can next be at), not by
 * looking at every character: this runs on every byte of every stream.
 */
export class SseLineSplitter {
  private partial = '';
  /** The previous chunk ended on `\r`, so a leading `\n` in the next one belongs to that ending. */
  private skipLeadingLf = false;

  push(text: string): string[] {
    let input = text;
    // An empty chunk (a decoder holding part of a character, a zero-length read) decides nothing yet.
    if (this.skipLeadingLf && input !== '') {
      this.skipLeadingLf = false;
      if (input.charCodeAt(0) === 10) input = input.slice(1);
    }
    const lines: string[] = [];
    let partial = this.partial;
    let start = 0;
    let lf = input.indexOf('\n');
    let cr = input.indexOf('\r');
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      const line = input.slice(start, end);
      lines.push(partial === '' ? line : partial + line);
      partial = '';
      start = end + 1;
      if (end === cr) {
        if (start === input.length) this.skipLeadingLf = true;
        else if (input.charCodeAt(start) === 10) start++;
      }
      if (lf !== -1 && lf < start) lf = input.indexOf('\n', start);
      if (cr !== -1 && cr < start) cr = input.indexOf('\r', start);
    }
    this.partial = start === 0 ? partial + input : partial + input.slice(start);
    return lines;
  }

  /** Text after the last line ending: non-empty only when the stream stopped mid-line. */
  rest(): string {
    return this.partial;
  }
}
