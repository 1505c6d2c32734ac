import { FormData } from 'undici';

/**
 * The client's multipart form re-built for the upstream: same fields and files, but `model` is the
 * upstream model. Re-built with undici's FormData so the shared client serializes it (with boundary).
 */
export function openaiTranscriptionForm(clientForm: globalThis.FormData, model: string): FormData {
  const form = new FormData();
  for (const [name, value] of clientForm.entries()) {
    if (name === 'model') continue;
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, value, value.name);
  }
  form.append('model', model);
  return form;
}
