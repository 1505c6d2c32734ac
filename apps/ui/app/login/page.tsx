'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { ApiError } from '../../src/lib/api/api-error.ts';
import { managementApi } from '../../src/lib/api/management-client.ts';
import { safeNextPath } from '../../src/lib/login-redirect.ts';
import { masterKeyLoginOffered, ssoOfferOf, UI_CONFIG_PATH, type SsoOffer } from '../../src/lib/sso-offer.ts';
import { required } from '../../src/lib/validators.ts';
import { FormFooter, TextField, useForm } from '../../src/components/form.tsx';

type Mode = 'master_key' | 'password';

function LoginForm() {
  const params = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const [mode, setMode] = useState<Mode>('master_key');
  const expired = params.get('next') !== null;
  const [sso, setSso] = useState<SsoOffer>();
  // `disable_master_key_ui_login`: the backend refuses the master key as a login, so the page does not offer it.
  const [masterKeyLogin, setMasterKeyLogin] = useState(true);

  // Single sign-on, when the backend has it configured (no button when its config cannot be read); the
  // master key and password modes stay for break-glass.
  useEffect(() => {
    fetch(UI_CONFIG_PATH, { cache: 'no-store' })
      .then((response) => response.json())
      .then((config: unknown) => {
        setSso(ssoOfferOf(config));
        if (masterKeyLoginOffered(config) === false) {
          setMasterKeyLogin(false);
          setMode('password');
        }
      }, () => undefined);
  }, []);

  // Already logged in (a bookmark, the back button): go straight on.
  useEffect(() => {
    managementApi.session({ redirectOnUnauthorized: false }).then(
      () => window.location.replace(next),
      () => undefined,
    );
  }, [next]);

  const form = useForm(
    { master_key: '', username: '', password: '' },
    mode === 'master_key'
      ? { master_key: required(undefined, 'Enter the master key.') }
      : { username: required(undefined, 'Enter your username or email.'), password: required(undefined, 'Enter your password.') },
  );

  const onSubmit = form.submit(async (values) => {
    try {
      await managementApi.login(mode === 'master_key' ? { master_key: values.master_key } : { username: values.username.trim(), password: values.password });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        throw new Error(mode === 'master_key' ? 'That master key is not right.' : 'Wrong username or password.');
      }
      if (error instanceof ApiError && error.status === 400) throw new Error('Fill in every field.');
      throw error;
    }
    window.location.assign(next);
  });

  return (
    <div className="login">
      <div className="panel login-panel">
        <h1>Log in to Switchboard</h1>
        {expired && <p className="notice notice-info">Log in to continue where you were.</p>}
        {sso && (
          <p>
            <a className="button-primary" href={sso.loginUrl}>
              Sign in with {sso.provider}
            </a>
          </p>
        )}
        <div className="segmented" role="group" aria-label="How to log in">
          {masterKeyLogin && (
            <button type="button" aria-pressed={mode === 'master_key'} onClick={() => { setMode('master_key'); form.reset(); }}>
              Master key
            </button>
          )}
          <button type="button" aria-pressed={mode === 'password'} onClick={() => { setMode('password'); form.reset(); }}>
            Username and password
          </button>
        </div>
        <form className="form" onSubmit={onSubmit} noValidate>
          {mode === 'master_key' ? (
            <TextField form={form} name="master_key" label="Master key" type="password" autoComplete="current-password" autoFocus hint="SWITCHBOARD_MASTER_KEY of this deployment." />
          ) : (
            <>
              <TextField form={form} name="username" label="Username or email" autoComplete="username" autoFocus />
              <TextField form={form} name="password" label="Password" type="password" autoComplete="current-password" />
            </>
          )}
          <FormFooter form={form} submitLabel="Log in" />
        </form>
      </div>
    </div>
  );
}

export default function LoginPage() {
  return (
    <Suspense fallback={null}>
      <LoginForm />
    </Suspense>
  );
}
