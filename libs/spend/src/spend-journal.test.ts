import { appendFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SpendJournal } from './spend-journal.ts';

const segmentsOf = (dir: string) => readdirSync(dir).filter((name) => name !== '.lock');

/** A journal with three events written and its segment sealed. */
async function sealedJournal(maxKept?: number, keepable = [true, true, true]): Promise<{ journal: SpendJournal; segment: string; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-journal-copy-'));
  const journal = new SpendJournal(dir, maxKept);
  await Promise.all([journal.append({ n: 1 }, keepable[0]), journal.append({ n: 2 }, keepable[1])]);
  await journal.append({ n: 3 }, keepable[2]);
  journal.seal();
  const [segment] = segmentsOf(dir);
  return { journal, segment: segment as string, dir };
}

describe('SpendJournal copies of its own segments', () => {
  it('hands a sealed segment written by this process to the flush without reading the file, once', async () => {
    const { journal, segment, dir } = await sealedJournal();
    // Proof that the file is not read: it now says something else.
    writeFileSync(join(dir, segment), '{"n":9}\n');
    // The copy is the texts as written, one per write (the first two events went out in one turn).
    expect(journal.takeCopy(segment)).toEqual([
      { bytes: Buffer.from('{"n":1}\n{"n":2}\n'), rows: 2 },
      { bytes: Buffer.from('{"n":3}\n'), rows: 1 },
    ]);
    // The copy is used once: a retry reads the file, which is the record.
    expect(journal.takeCopy(segment)).toBeUndefined();
    expect(journal.read(segment)).toEqual({ events: [{ n: 9 }], torn: 0 });
    journal.close();
  });

  it('keeps no copy of a segment holding an event its writer did not vouch for', async () => {
    const { journal, segment } = await sealedJournal(undefined, [true, true, false]);
    expect(journal.takeCopy(segment)).toBeUndefined();
    expect(journal.read(segment).events).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    journal.close();
  });

  it('reads the files after a failed flush drops the copies', async () => {
    const { journal, segment, dir } = await sealedJournal();
    journal.forgetCopies();
    expect(journal.takeCopy(segment)).toBeUndefined();
    appendFileSync(join(dir, segment), '{"n":4}\n');
    expect(journal.read(segment).events).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    journal.close();
  });

  it('keeps no copy past its cap: that segment is read from its file, whole', async () => {
    const { journal, segment, dir } = await sealedJournal(2);
    expect(journal.takeCopy(segment)).toBeUndefined();
    appendFileSync(join(dir, segment), '{"n":4}\n');
    expect(journal.read(segment).events).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    journal.close();
  });

  it('keeps no copy of a segment another process left: it is read from its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-copy-'));
    writeFileSync(join(dir, '000000000000001-1-0.jsonl'), '{"n":1}\n{"n":2');
    const journal = new SpendJournal(dir);
    expect(journal.takeCopy('000000000000001-1-0.jsonl')).toBeUndefined();
    expect(journal.read('000000000000001-1-0.jsonl')).toEqual({ events: [{ n: 1 }], torn: 1 });
    journal.close();
  });

  it('writes .lines segments and still takes the .jsonl segments of a build before typed lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-journal-names-'));
    writeFileSync(join(dir, '000000000000001-1-0.jsonl'), '{"n":1}\n');
    expect(SpendJournal.hasSegments(dir)).toBe(true);
    const journal = new SpendJournal(dir);
    await journal.append({ n: 2 });
    journal.seal();
    const [older, newer] = journal.sealedSegments();
    expect(older).toBe('000000000000001-1-0.jsonl');
    expect(newer).toMatch(/^\d{15}-\d+-\d+\.lines$/);
    // A cut that ends on a line's end is no torn line; text after the last newline is, whatever it holds.
    writeFileSync(join(dir, older as string), '{"n":1}\n{"n":3}');
    expect(journal.read(older as string)).toEqual({ events: [{ n: 1 }], torn: 1 });
    journal.close();
  });
});
