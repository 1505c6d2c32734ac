'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { describeError } from '../../lib/api/api-error.ts';
import { listGatewayModels, streamChatCompletion, type ChatMessage } from '../../lib/api/gateway-client.ts';
import type { ChatUsage } from '../../lib/api/sse.ts';
import { formatInteger } from '../../lib/format.ts';
import { required, virtualKey } from '../../lib/validators.ts';
import { PageHeader } from '../../components/detail-list.tsx';
import { SelectField, TextAreaField, TextField, useForm } from '../../components/form.tsx';
import { useModelNames } from '../shared-data.ts';

interface Turn extends ChatMessage {
  /** The model that answered (assistant turns). */
  model?: string;
  /** Set on the assistant's turn once the stream has finished. */
  stats?: { firstTokenMs: number | null; totalMs: number; usage?: ChatUsage; stopped?: boolean };
  error?: string;
}

/**
 * Chat against the gateway on this origin with a virtual key, streamed. The key stays in this page's
 * memory: it is never stored, and the gateway (not the session) decides what it may call.
 */
export function PlaygroundPage() {
  const groups = useModelNames();
  const [keyModels, setKeyModels] = useState<{ key: string; models: string[] } | { key: string; error: string }>();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [streaming, setStreaming] = useState<AbortController | null>(null);
  const logRef = useRef<HTMLDivElement>(null);
  const form = useForm(
    { key: '', model: '', system: '', message: '' },
    {
      key: required(virtualKey, 'Paste a virtual key (create one on Virtual Keys).'),
      model: required(undefined, 'Choose a model.'),
      message: required(undefined, 'Type a message.'),
    },
  );
  const key = form.values.key.trim();

  // The models this key may call, from the gateway itself, once a well-formed key is typed.
  useEffect(() => {
    if (virtualKey(key) !== undefined) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      listGatewayModels(key).then(
        (models) => !cancelled && setKeyModels({ key, models }),
        (error: unknown) => !cancelled && setKeyModels({ key, error: describeError(error) }),
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [key]);

  const forThisKey = keyModels?.key === key ? keyModels : undefined;
  const modelChoices = forThisKey && 'models' in forThisKey ? forThisKey.models : (groups ?? []);
  // Keep a model the key may call selected (the first one, unless the user already chose one of them).
  const { set: setField, values } = form;
  const choicesKey = modelChoices.join('\n');
  useEffect(() => {
    const choices = choicesKey === '' ? [] : choicesKey.split('\n');
    if (choices.length > 0 && !choices.includes(values.model)) setField('model', choices[0] as string);
  }, [choicesKey, values.model, setField]);

  useEffect(() => {
    logRef.current?.scrollTo({ top: logRef.current.scrollHeight });
  }, [turns]);

  const send = form.submit(async (values) => {
    const history: ChatMessage[] = [...(values.system.trim() ? [{ role: 'system' as const, content: values.system }] : []), ...turns.filter((t) => !t.error).map(({ role, content }) => ({ role, content })), { role: 'user', content: values.message }];
    setTurns((current) => [...current, { role: 'user', content: values.message }, { role: 'assistant', content: '', model: values.model }]);
    form.set('message', '');
    const controller = new AbortController();
    setStreaming(controller);
    const started = performance.now();
    let firstTokenMs: number | null = null;
    let usage: ChatUsage | undefined;
    const updateLast = (change: (turn: Turn) => Turn) => setTurns((current) => [...current.slice(0, -1), change(current.at(-1) as Turn)]);
    try {
      for await (const event of streamChatCompletion({ key: values.key.trim(), model: values.model, messages: history, signal: controller.signal })) {
        if (event.type === 'delta') {
          firstTokenMs ??= performance.now() - started;
          updateLast((turn) => ({ ...turn, content: turn.content + event.text }));
        } else if (event.type === 'usage') usage = event.usage;
        else if (event.type === 'error') throw new Error(event.message);
      }
      updateLast((turn) => ({ ...turn, stats: { firstTokenMs, totalMs: performance.now() - started, usage } }));
    } catch (error) {
      if (controller.signal.aborted) updateLast((turn) => ({ ...turn, stats: { firstTokenMs, totalMs: performance.now() - started, stopped: true } }));
      else updateLast((turn) => ({ ...turn, error: describeError(error) }));
    } finally {
      setStreaming(null);
    }
  });

  const onMessageKey = (event: KeyboardEvent<HTMLDivElement>) => {
    // Enter sends, Shift+Enter is a new line (as in every chat app).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing && (event.target as HTMLElement).tagName === 'TEXTAREA') {
      event.preventDefault();
      (event.currentTarget.closest('form') as HTMLFormElement | null)?.requestSubmit();
    }
  };

  return (
    <>
      <PageHeader title="Playground" description="Try a model through the gateway with a virtual key; answers stream in as they are generated." />
      <form className="playground" onSubmit={send} noValidate aria-label="Chat">
        <div className="panel">
          <TextField form={form} name="key" label="Virtual key" type="password" autoComplete="off" hint="Used only in this tab; never stored." />
          {forThisKey && 'error' in forThisKey && <p className="field-hint">Could not list this key’s models: {forThisKey.error}</p>}
          <SelectField form={form} name="model" label="Model" options={[{ value: '', label: modelChoices.length === 0 ? '(no models)' : 'Choose…' }, ...modelChoices.map((m) => ({ value: m, label: m }))]} />
          <TextAreaField form={form} name="system" label="System prompt" rows={4} placeholder="Optional instructions for the model" />
          <button type="button" className="button-secondary" onClick={() => setTurns([])} disabled={turns.length === 0 || streaming !== null}>
            Clear conversation
          </button>
        </div>
        <div>
          <div className="chat-log" ref={logRef} data-testid="chat-log" aria-live="polite" aria-busy={streaming !== null}>
            {turns.length === 0 && <p className="muted">Messages appear here.</p>}
            {turns.map((turn, index) => (
              <div key={index} className={`chat-message chat-${turn.role}`} data-testid={`chat-${turn.role}`}>
                <div className="chat-role">{turn.role === 'user' ? 'You' : (turn.model ?? 'Assistant')}</div>
                {turn.content}
                {turn.role === 'assistant' && turn.content === '' && !turn.error && !turn.stats && <span className="muted">…</span>}
                {turn.error && (
                  <div className="notice notice-error" role="alert">
                    {turn.error}
                  </div>
                )}
                {turn.stats && (
                  <div className="chat-meta">
                    {turn.stats.stopped ? 'Stopped. ' : ''}
                    {turn.stats.firstTokenMs !== null ? `First token ${formatInteger(turn.stats.firstTokenMs)} ms · ` : ''}
                    {`total ${formatInteger(turn.stats.totalMs)} ms`}
                    {turn.stats.usage ? ` · ${formatInteger(turn.stats.usage.prompt_tokens)} in / ${formatInteger(turn.stats.usage.completion_tokens)} out tokens` : ''}
                  </div>
                )}
              </div>
            ))}
          </div>
          <div className="chat-input" onKeyDown={onMessageKey}>
            <TextAreaField form={form} name="message" label="Message" rows={3} hint="Enter sends; Shift+Enter starts a new line." />
            <div className="form-actions">
              {streaming ? (
                <button type="button" className="button-secondary" onClick={() => streaming.abort()}>
                  Stop
                </button>
              ) : (
                <button type="submit" className="button-primary">
                  Send
                </button>
              )}
            </div>
          </div>
        </div>
      </form>
    </>
  );
}
