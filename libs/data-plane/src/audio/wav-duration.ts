/**
 * Seconds of audio in a RIFF/WAVE file: the `data` chunk's size over the `fmt ` chunk's byte rate. `bytes`
 * needs only the file's start (through the `data` chunk header); `fileBytes` is the whole file's size. A
 * `data` size that is unset (0 or 0xFFFFFFFF, as streaming writers leave it) or past the end of the file is
 * taken from the bytes actually present. Undefined when the bytes are not a WAVE file this can read.
 */
export function wavDuration(bytes: Uint8Array, fileBytes = bytes.length): number | undefined {
  if (bytes.length < 12) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = tag(offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ' && body + 12 <= bytes.length) byteRate = view.getUint32(body + 8, true);
    if (id === 'data') {
      if (!byteRate) return undefined;
      const present = fileBytes - body;
      const dataBytes = size === 0 || size === 0xffffffff || size > present ? present : size;
      return dataBytes / byteRate;
    }
    // Chunks are padded to an even length.
    offset = body + size + (size % 2);
  }
  return undefined;
}
