/** One SCIM window (1-based `startIndex`, `count`) read from page-based listing: at most two pages. */
export async function scimWindow<T>(listPage: (page: number, pageSize: number) => Promise<{ items: T[]; total: number }>, startIndex: number, count: number): Promise<{ items: T[]; total: number }> {
  if (count === 0) return { items: [], total: (await listPage(1, 1)).total };
  const offset = startIndex - 1;
  const first = Math.floor(offset / count) + 1;
  const head = await listPage(first, count);
  const skip = offset % count;
  if (skip === 0) return head;
  const tail = await listPage(first + 1, count);
  return { items: [...head.items, ...tail.items].slice(skip, skip + count), total: head.total };
}
