import { HttpError } from '@switchboard/service-kit';
import type { LoginAttemptStore, LoginBucket } from './login-attempt-store.ts';

export interface LoginLimit {
  limit: number;
  windowMs: number;
}

export interface LoginLimits {
  /** Attempts on one account (a user's id, or an unknown name), from anywhere. */
  account: LoginLimit;
  /** Attempts from one source address, on any accounts: larger, it stops one client spraying many accounts. */
  source: LoginLimit;
  /** Master-key attempts from one source: the break-glass login's back-off, which only slows that source. */
  masterKeySource: LoginLimit;
}

const FIFTEEN_MINUTES = 15 * 60_000;
export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  account: { limit: 10, windowMs: FIFTEEN_MINUTES },
  source: { limit: 100, windowMs: FIFTEEN_MINUTES },
  masterKeySource: { limit: 10, windowMs: FIFTEEN_MINUTES },
};

/** A counted attempt: tell it when the login succeeded, so it stops counting as a failure. */
export interface AdmittedLogin {
  succeeded(): Promise<void>;
}

interface Scope {
  bucket: LoginBucket;
  /** On success, whether the bucket's failures are all forgiven (the caller proved the secret) or only this attempt. */
  onSuccess: 'clear' | 'forget';
}

/**
 * Login attempts are counted before the secret is checked and refused with 429 once a window is full, so
 * neither passwords nor the master key can be guessed at speed, however many requests run at once or
 * however many replicas share the store. Accounts are locked for everyone (a password guesser may come from
 * anywhere); the master key's break-glass login is never locked by account: it backs off per source, so an
 * attacker slows only its own address.
 */
export class LoginThrottle {
  constructor(
    private readonly store: LoginAttemptStore,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  /** A master-key attempt from `source`. */
  admitMasterKey(source: string): Promise<AdmittedLogin> {
    return this.admit([
      { bucket: { key: `source:${source}`, ...this.limits.source }, onSuccess: 'forget' },
      { bucket: { key: `master-key:${source}`, ...this.limits.masterKeySource }, onSuccess: 'clear' },
    ]);
  }

  /**
   * A password attempt on `account` (`user:<id>` or `name:<normalized name>`). `sourceCounted`: this
   * request was already counted against its source (a UI_USERNAME login that was not the master key).
   */
  admitPassword(account: string, source: string, { sourceCounted = false } = {}): Promise<AdmittedLogin> {
    const scopes: Scope[] = [{ bucket: { key: `account:${account}`, ...this.limits.account }, onSuccess: 'clear' }];
    if (!sourceCounted) scopes.push({ bucket: { key: `source:${source}`, ...this.limits.source }, onSuccess: 'forget' });
    return this.admit(scopes);
  }

  private async admit(scopes: readonly Scope[]): Promise<AdmittedLogin> {
    const reservation = await this.store.reserve(scopes.map((scope) => scope.bucket));
    if (!reservation.granted) {
      // One message whichever window is full: it must not tell which accounts exist.
      throw new HttpError(429, 'Too many failed logins; try again later', { code: 'login_throttled', retryAfter: reservation.retryAfterSeconds });
    }
    return {
      succeeded: async () => {
        for (const { bucket, onSuccess } of scopes) {
          if (onSuccess === 'clear') await this.store.clear(bucket.key);
          else await this.store.forget(bucket.key, reservation.id);
        }
      },
    };
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
