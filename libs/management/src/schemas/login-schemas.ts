import { z } from 'zod';
import { text } from './common.ts';

export const loginSchema = z.union([
  z.object({ username: text().min(1), password: z.string().min(1).max(256) }).strict(),
  z.object({ master_key: z.string().min(1).max(512) }).strict(),
]);
export type LoginInput = z.output<typeof loginSchema>;
