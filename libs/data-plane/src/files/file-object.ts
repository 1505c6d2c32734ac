import type { StoredFile } from './file-store.ts';

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** OpenAI's file object. Every file here is stored whole before it is answered: `processed`. */
export function fileObject(file: StoredFile): Record<string, unknown> {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes,
    created_at: seconds(file.createdAt),
    expires_at: file.expiresAt === null ? null : seconds(file.expiresAt),
    filename: file.filename,
    purpose: file.purpose,
    status: 'processed',
    status_details: null,
  };
}
