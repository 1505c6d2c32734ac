import type { RequestHandler } from 'express';

export interface DependencyState {
  ok: boolean;
  /** Short, secret-free text for operators ("connected", "connection refused"). */
  detail: string;
}

export type DependencyCheck = () => Promise<DependencyState>;

/**
 * Liveliness says the process is up. Readiness says it should get traffic: false at once when shutdown
 * begins (so the balancer drains it) and while a required dependency is down.
 */
export class HealthState {
  draining = false;
  private readonly checks = new Map<string, { check: DependencyCheck; required: boolean }>();

  addCheck(name: string, check: DependencyCheck, options: { required?: boolean } = {}): void {
    this.checks.set(name, { check, required: options.required ?? true });
  }

  async readiness(): Promise<{ ready: boolean; body: Record<string, unknown> }> {
    const dependencies: Record<string, DependencyState> = {};
    let ready = !this.draining;
    await Promise.all(
      [...this.checks].map(async ([name, { check, required }]) => {
        let state: DependencyState;
        try {
          state = await check();
        } catch {
          state = { ok: false, detail: 'check failed' };
        }
        dependencies[name] = state;
        if (required && !state.ok) ready = false;
      }),
    );
    const status = this.draining ? 'draining' : ready ? 'ready' : 'not ready';
    return { ready, body: { status, dependencies } };
  }

  livelinessHandler(): RequestHandler {
    return function liveliness(_req, res) {
      res.json({ status: 'alive' });
    };
  }

  readinessHandler(): RequestHandler {
    return async (_req, res) => {
      const { ready, body } = await this.readiness();
      res.status(ready ? 200 : 503).json(body);
    };
  }
}
