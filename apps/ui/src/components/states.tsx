'use client';

import type { ReactNode } from 'react';
import { describeError } from '../lib/api/api-error.ts';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}

/** An error in words (never a response body), with a retry when one makes sense. */
export function ErrorNote({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  return (
    <div className="notice notice-error" role="alert">
      {title && <strong>{title} </strong>}
      <span>{describeError(error)}</span>
      {onRetry && (
        <button type="button" className="button-link" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Notice({ children, tone = 'info' }: { children: ReactNode; tone?: 'info' | 'success' | 'warning' }) {
  return (
    <div className={`notice notice-${tone}`} role="status">
      {children}
    </div>
  );
}

/** Shown instead of a page the role cannot use. */
export function NotAllowed({ what }: { what: string }) {
  return (
    <div className="notice notice-warning" role="status" data-testid="not-allowed">
      Your role cannot see {what}. Ask an admin if you need access.
    </div>
  );
}
