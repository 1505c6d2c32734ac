/** A LIKE pattern matching text that contains `text` as it is (its `%`, `_` and `\` escaped). */
export const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
