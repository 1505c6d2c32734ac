import { postBatch } from '../logging/post-batch.ts';
import { asDeliveryError } from '../logging/sink-delivery-error.ts';
import type { WarnLogger } from '../logging/create-call-logger.ts';
import type { RedactText } from '../tracing/to-gen-ai-messages.ts';
import type { AlertSettings } from './alert-settings.ts';
import type { AlertType } from '@switchboard/alert-types';

export type AlertLevel = 'Low' | 'Medium' | 'High';

/** One alert. `key` names what it is about: alerts with one key are sent once per `repeatAfterMs`. */
export interface Alert {
  type: AlertType;
  key: string;
  level: AlertLevel;
  /** One line: what happened. */
  message: string;
  /** Facts shown under it (model group, deployment, ...); undefined ones are left out. */
  fields?: Readonly<Record<string, string | number | undefined>>;
  /** Default 60 s. */
  repeatAfterMs?: number;
}

/** What became of an alert (the `switchboard_alerts_total` outcomes). */
export type AlertOutcome = 'sent' | 'held_back' | 'failed' | 'dropped';

export interface AlerterOptions {
  /** Where alerting runs (`gateway`, `backend`), shown in each alert. */
  source: string;
  logger?: WarnLogger;
  count?: (type: AlertType, outcome: AlertOutcome, n: number) => void;
  /** Applied to every alert's text before it leaves (credential shapes out). */
  redact?: RedactText;
  /**
   * Claims an alert key for `ttlMs` across replicas (Redis SET NX PX): only the replica that claims it sends, so
   * a budget crossed is one alert, not one per replica. Resolves false when another holds it; on an error the
   * alert is sent (a duplicate is better than a lost alert). Without it each process holds back on its own.
   */
  claimOnce?: (key: string, ttlMs: number) => Promise<boolean>;
  /** Replaces the HTTP POST (tests). */
  post?: (url: string, body: string) => Promise<void>;
  now?: () => number;
  /** Alerts gather this long before a webhook is called (default 2 s), so a burst is one message. */
  flushMs?: number;
  /** Alerts per message (default 10). */
  maxBatch?: number;
  /** Alerts waiting per webhook past which new ones are dropped (default 1,000). */
  maxQueued?: number;
  /** Tries per message (default 3), for answers and failures worth another try. */
  attempts?: number;
  /** Waits between tries (default 1 s, then 3 s). */
  retryDelaysMs?: readonly number[];
  timeoutMs?: number;
}

interface Queued {
  type: AlertType;
  text: string;
}

const DEFAULT_REPEAT_MS = 60_000;
const MAX_TEXT = 3_000;
const RETRY_DELAYS_MS = [1_000, 3_000];

/** A webhook URL is a bearer secret: a log line names its host only. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}

/**
 * Slack alerting (LiteLLM's `alerting: ["slack"]`): alerts are held back when one with the same key went out within
 * its repeat time (the next one says how many), gathered per webhook for `flushMs`, and posted as one Slack
 * message of at most `maxBatch` alerts, with retries. Raising never throws and never waits: alerting must not
 * fail or slow a request. The settings can be replaced while it runs (`/config/update`).
 */
export class Alerter {
  private current: AlertSettings | undefined;
  private readonly queues = new Map<string, Queued[]>();
  private readonly recent = new Map<string, { until: number; heldBack: number }>();
  private readonly sending = new Set<Promise<void>>();
  private readonly claiming = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  private readonly post: (url: string, body: string) => Promise<void>;

  constructor(
    settings: AlertSettings | undefined,
    private readonly options: AlerterOptions,
  ) {
    this.current = settings;
    this.now = options.now ?? Date.now;
    const timeoutMs = options.timeoutMs ?? 5_000;
    this.post = options.post ?? (async (url, body) => void (await postBatch({ sink: 'slack', url, headers: { 'content-type': 'application/json' }, body, timeoutMs })));
  }

  get settings(): AlertSettings | undefined {
    return this.current;
  }

  /** New settings (or undefined: off). What is queued still goes to the webhooks it was queued for. */
  update(settings: AlertSettings | undefined): void {
    this.current = settings;
  }

  /** Whether alerts of this type are raised now: callers skip building one that would be dropped. */
  wants(type: AlertType): boolean {
    return this.current?.types.has(type) ?? false;
  }

  raise(alert: Alert): void {
    try {
      const settings = this.current;
      const urls = settings?.destinations.get(alert.type);
      if (this.closed || !settings || !urls || !settings.types.has(alert.type)) return;
      const now = this.now();
      const key = `${alert.type}\u0000${alert.key}`;
      const last = this.recent.get(key);
      if (last && last.until > now) {
        last.heldBack++;
        this.options.count?.(alert.type, 'held_back', 1);
        return;
      }
      const repeatAfterMs = alert.repeatAfterMs ?? DEFAULT_REPEAT_MS;
      this.recent.set(key, { until: now + repeatAfterMs, heldBack: 0 });
      if (this.recent.size > 10_000) this.forgetExpired(now);
      const text = this.format(alert, last?.heldBack ?? 0);
      const claim = this.options.claimOnce;
      if (!claim) {
        for (const url of urls) this.enqueue(url, { type: alert.type, text });
        return;
      }
      const claimed = claim(key, repeatAfterMs)
        .catch(() => true)
        .then((mine) => {
          if (!mine) this.options.count?.(alert.type, 'held_back', 1);
          // Claimed before a shutdown began: still sent (shutdown's flush waits for the claims).
          else for (const url of urls) this.enqueue(url, { type: alert.type, text });
        })
        .finally(() => this.claiming.delete(claimed));
      this.claiming.add(claimed);
    } catch (error) {
      this.options.logger?.warn({ error: error instanceof Error ? error.message : String(error) }, 'an alert could not be queued');
    }
  }

  /** Sends what is queued now and waits for every message under way. */
  async flush(): Promise<void> {
    await Promise.all([...this.claiming]);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const url of [...this.queues.keys()]) this.sendQueued(url);
    await Promise.all([...this.sending]);
  }

  /** Stops taking alerts and sends what is queued, for at most `timeoutMs`. */
  async shutdown(timeoutMs = 5_000): Promise<void> {
    this.closed = true;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timeout = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timeout);
  }

  private format(alert: Alert, heldBack: number): string {
    const lines = [`*${alert.level}* · \`${alert.type}\` · ${this.options.source}`, alert.message];
    for (const [name, value] of Object.entries(alert.fields ?? {})) if (value !== undefined && value !== '') lines.push(`${name}: \`${value}\``);
    if (heldBack > 0) lines.push(`(${heldBack} alike held back since the last one)`);
    lines.push(`at ${new Date(this.now()).toISOString()}`);
    const text = lines.join('\n');
    const redacted = this.options.redact ? this.options.redact(text) : text;
    return redacted.length > MAX_TEXT ? `${redacted.slice(0, MAX_TEXT)}…` : redacted;
  }

  private enqueue(url: string, item: Queued): void {
    let queue = this.queues.get(url);
    if (!queue) this.queues.set(url, (queue = []));
    if (queue.length >= (this.options.maxQueued ?? 1_000)) {
      this.options.count?.(item.type, 'dropped', 1);
      return;
    }
    queue.push(item);
    if (queue.length >= (this.options.maxBatch ?? 10)) this.sendQueued(url);
    else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        for (const waiting of [...this.queues.keys()]) this.sendQueued(waiting);
      }, this.options.flushMs ?? 2_000);
      this.timer.unref();
    }
  }

  private sendQueued(url: string): void {
    const queue = this.queues.get(url);
    if (!queue || queue.length === 0) return;
    const maxBatch = this.options.maxBatch ?? 10;
    while (queue.length > 0) {
      const batch = queue.splice(0, maxBatch);
      const sent = this.deliver(url, batch).finally(() => this.sending.delete(sent));
      this.sending.add(sent);
    }
    this.queues.delete(url);
  }

  private async deliver(url: string, batch: Queued[]): Promise<void> {
    const body = JSON.stringify({ text: batch.map((item) => item.text).join('\n\n') });
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.post(url, body);
        this.countBatch(batch, 'sent');
        return;
      } catch (error) {
        const failure = asDeliveryError(error);
        if (!failure.retryable || attempt >= attempts || this.closed) {
          this.options.logger?.warn({ webhookHost: hostOf(url), alerts: batch.length, attempt, error: failure.message }, 'alert delivery failed; the alerts are dropped');
          this.countBatch(batch, 'failed');
          return;
        }
        const delays = this.options.retryDelaysMs ?? RETRY_DELAYS_MS;
        await new Promise((resolve) => setTimeout(resolve, delays[Math.min(attempt - 1, delays.length - 1)]));
      }
    }
  }

  private countBatch(batch: Queued[], outcome: AlertOutcome): void {
    const byType = new Map<AlertType, number>();
    for (const item of batch) byType.set(item.type, (byType.get(item.type) ?? 0) + 1);
    for (const [type, n] of byType) this.options.count?.(type, outcome, n);
  }

  private forgetExpired(now: number): void {
    for (const [key, entry] of this.recent) if (entry.until <= now) this.recent.delete(key);
  }
}
