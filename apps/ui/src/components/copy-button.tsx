'use client';

import { useState } from 'react';

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or an insecure origin): select the text in a scratch field and copy that.
    const scratch = document.createElement('textarea');
    scratch.value = text;
    scratch.setAttribute('readonly', '');
    scratch.style.position = 'fixed';
    scratch.style.opacity = '0';
    document.body.appendChild(scratch);
    scratch.select();
    const ok = document.execCommand('copy');
    scratch.remove();
    return ok;
  }
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <button
      type="button"
      className="button-secondary"
      onClick={() => {
        void copyText(text).then((ok) => {
          setState(ok ? 'copied' : 'failed');
          setTimeout(() => setState('idle'), 2_000);
        });
      }}
    >
      <span aria-live="polite">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy it' : label}</span>
    </button>
  );
}

/** The raw key, shown once after create or regenerate, with a copy button. */
export function SecretReveal({ secret, what = 'key' }: { secret: string; what?: string }) {
  return (
    <div className="secret">
      <p className="notice notice-warning">
        Copy this {what} now and keep it somewhere safe. <strong>You will not be able to see it again.</strong>
      </p>
      <div className="secret-row">
        <input className="secret-value mono" readOnly value={secret} aria-label={`The new ${what}`} data-testid="raw-key" onFocus={(event) => event.currentTarget.select()} />
        <CopyButton text={secret} />
      </div>
    </div>
  );
}
