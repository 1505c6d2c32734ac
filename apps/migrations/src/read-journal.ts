import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const journalSchema = z.object({
  entries: z.array(z.object({ tag: z.string(), when: z.number() })),
});

export type JournalEntry = z.infer<typeof journalSchema>['entries'][number];

/** drizzle-kit's list of migrations (`meta/_journal.json`): names and the timestamps drizzle orders them by. */
export function readJournal(migrationsFolder: string): JournalEntry[] {
  return journalSchema.parse(JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8'))).entries;
}
