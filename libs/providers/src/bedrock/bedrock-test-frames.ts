import { fixtureChunks } from '../testing/fixtures.ts';
import { encodeEventFrame } from './read-event-stream-frames.ts';

/**
 * A decoded recording (`{"<eventType>": payload}` per line) encoded back into real event-stream
 * frames, so replays run through the adapter's frame decoder. Test-only.
 */
export function bedrockFrames(file: string): Uint8Array {
  const frames = fixtureChunks(`amazon-bedrock/${file}`).map((line) => {
    const [eventType, payload] = Object.entries(JSON.parse(line) as Record<string, unknown>)[0] as [string, unknown];
    return encodeEventFrame(eventType, payload);
  });
  return Buffer.concat(frames);
}
