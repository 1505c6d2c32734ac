export { SpendJournal } from './spend-journal.ts';
export { SpendWriter, type SpendWriterOptions } from './spend-writer.ts';
export { spendRowFromCall } from './spend-row-from-call.ts';
export { spendLineFromCall } from './spend-line-from-call.ts';
