'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import { describeError } from '../lib/api/api-error.ts';
import { managementApi } from '../lib/api/management-client.ts';
import { isMasterKeyUser, type Session } from '../lib/api/types.ts';
import { loginPath } from '../lib/login-redirect.ts';
import { navItemsFor, ROLE_LABELS } from '../lib/permissions.ts';
import { SessionContext } from './session.tsx';
import { Loading } from './states.tsx';

const PUBLIC_PAGES = ['/login', '/status'];

const trimSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, '') : path);

function Brand() {
  return (
    <Link href="/" className="brand">
      Switchboard
    </Link>
  );
}

/**
 * Every page but Login and Status renders inside the logged-in shell: it asks the backend who is logged
 * in (a 401 sends the browser to Login), then shows the navigation the role may use.
 */
export function AppShell({ children }: { children: ReactNode }) {
  const pathname = trimSlash(usePathname() ?? '/');
  const isPublic = PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));
  if (isPublic) {
    return (
      <>
        <header className="topbar">
          <Brand />
        </header>
        <main className="content content-narrow" id="main">
          {children}
        </main>
      </>
    );
  }
  return <LoggedInShell pathname={pathname}>{children}</LoggedInShell>;
}

function LoggedInShell({ pathname, children }: { pathname: string; children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    managementApi.session().then(
      (value) => !cancelled && setSession(value),
      (err: unknown) => !cancelled && setError(err),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const logout = async () => {
    try {
      await managementApi.logout();
    } finally {
      window.location.assign(loginPath());
    }
  };

  if (!session) {
    return (
      <>
        <header className="topbar">
          <Brand />
        </header>
        <main className="content content-narrow" id="main">
          {error === undefined ? (
            <Loading label="Checking your session…" />
          ) : (
            <div className="notice notice-error" role="alert">
              {describeError(error)}{' '}
              <button type="button" className="button-link" onClick={() => { setError(undefined); setAttempt((n) => n + 1); }}>
                Try again
              </button>
            </div>
          )}
        </main>
      </>
    );
  }

  const items = navItemsFor(session.user_role);
  return (
    <SessionContext.Provider value={session}>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Brand />
        <div className="topbar-user">
          <span className="user-name" data-testid="current-user">
            {session.user_id === null || isMasterKeyUser(session.user_id) ? 'master key' : session.user_id}
          </span>
          <span className="badge badge-neutral" data-testid="current-role">
            {ROLE_LABELS[session.user_role] ?? session.user_role}
          </span>
          <button type="button" className="button-topbar" onClick={() => void logout()}>
            Log out
          </button>
        </div>
      </header>
      <div className="shell">
        <nav className="sidebar" aria-label="Main">
          <ul>
            {items.map((item) => {
              const href = trimSlash(item.href);
              const active = href === '/' ? pathname === '/' : pathname === href || pathname.startsWith(`${href}/`);
              return (
                <li key={item.href}>
                  <Link href={item.href} aria-current={active ? 'page' : undefined} className={active ? 'active' : undefined}>
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <main className="content" id="main">
          {children}
        </main>
      </div>
    </SessionContext.Provider>
  );
}
