'use client';

import { useState, type ReactNode } from 'react';
import { describeError } from '../lib/api/api-error.ts';
import { Modal } from './modal.tsx';

/** "Are you sure?" before anything destructive; the action's error shows inside the dialog. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  destructive = true,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  destructive?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const confirm = () => {
    setBusy(true);
    setError(undefined);
    onConfirm().then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <Modal title={title} onClose={onClose}>
      <div className="confirm-text">{children}</div>
      {error !== undefined && (
        <div className="notice notice-error" role="alert">
          {describeError(error)}
        </div>
      )}
      <div className="form-actions">
        <button type="button" className="button-secondary" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className={destructive ? 'button-danger' : 'button-primary'} onClick={confirm} disabled={busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
