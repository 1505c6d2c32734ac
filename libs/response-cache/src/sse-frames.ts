/** One server-sent event as a client reads it: its `event:` name (if any) and its `data:` text. */
export interface SseFrame {
  event?: string;
  data: string;
}

/** Writes frames as SSE text. */
export function writeSseFrames(frames: readonly SseFrame[]): string {
  return frames.map((frame) => (frame.event ? `event: ${frame.event}\ndata: ${frame.data}\n\n` : `data: ${frame.data}\n\n`)).join('');
}

/** Reads SSE text back into frames (what a streamed answer sent, to store it as one answer). */
export function parseSseFrames(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.split('\n\n')) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) frames.push({ ...(event ? { event } : {}), data: data.join('\n') });
  }
  return frames;
}
