import { z } from 'zod';

export const pageRequestSchema = z.object({
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type PageRequest = z.input<typeof pageRequestSchema>;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageWindow(request: PageRequest = {}): { page: number; pageSize: number; limit: number; offset: number } {
  const { page, pageSize } = pageRequestSchema.parse(request);
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
}
