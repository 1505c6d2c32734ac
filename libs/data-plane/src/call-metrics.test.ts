import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from './gateway-metrics.ts';

const exposition = async (metrics: GatewayMetrics) => (await metrics.registry.metrics()).split('\n').filter((line) => line.startsWith('switchboard_') && !line.startsWith('switchboard_process') && !line.startsWith('switchboard_nodejs'));

describe('call metrics', () => {
  it('count into the same children as labels() for the same label set, one kept lookup per model, route and status', async () => {
    const metrics = new GatewayMetrics();
    const counted = metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', undefined);
    expect(metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', undefined)).toBe(counted);
    expect(metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '500', undefined)).not.toBe(counted);
    counted.requests.inc();
    counted.inputTokens.inc(5);
    expect(counted.requests).toBe(metrics.requests.labels('gpt-4o', '/v1/chat/completions', '200'));
    expect(counted.inputTokens).toBe(metrics.inputTokens.labels('gpt-4o'));
    expect(metrics.inputTokens.labels('gpt-4o').value).toBe(5);
  });

  it('expose a label set only once a call counted into it (no zero series for what no call did)', async () => {
    const metrics = new GatewayMetrics();
    const counted = metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', undefined);
    counted.requests.inc();
    const lines = await exposition(metrics);
    expect(lines).toContain('switchboard_requests_total{model="gpt-4o",route="/v1/chat/completions",status_code="200"} 1');
    expect(lines.some((line) => line.startsWith('switchboard_time_to_first_token_seconds'))).toBe(false);
    expect(lines.some((line) => line.startsWith('switchboard_spend_usd_total{'))).toBe(false);
  });

  it('let go of their children when the registry resets, so later calls count into exposed ones again', async () => {
    const metrics = new GatewayMetrics();
    const deployment = { modelGroup: 'gpt-4o', id: 'd1', provider: 'openai' };
    metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', undefined).requests.inc();
    metrics.deploymentMetricsOf(deployment).success.inc();
    metrics.registry.resetMetrics();
    metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', undefined).requests.inc();
    metrics.deploymentMetricsOf(deployment).success.inc();
    const lines = await exposition(metrics);
    expect(lines).toContain('switchboard_requests_total{model="gpt-4o",route="/v1/chat/completions",status_code="200"} 1');
    expect(lines).toContain('switchboard_deployment_success_responses_total{model_group="gpt-4o",deployment="d1",provider="openai"} 1');
  });

  it('carry the key labels when they are opted in, per call', async () => {
    const metrics = new GatewayMetrics(true);
    const principal = { keyHash: 'h1', keyAlias: 'alias', teamId: 't1', userId: 'u1' };
    metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', principal).requests.inc();
    metrics.callMetricsOf('gpt-4o', '/v1/chat/completions', '200', { ...principal, keyHash: 'h2' }).requests.inc();
    const lines = await exposition(metrics);
    expect(lines).toContain('switchboard_requests_total{model="gpt-4o",route="/v1/chat/completions",status_code="200",key_hash="h1",key_alias="alias",team="t1",user="u1"} 1');
    expect(lines).toContain('switchboard_requests_total{model="gpt-4o",route="/v1/chat/completions",status_code="200",key_hash="h2",key_alias="alias",team="t1",user="u1"} 1');
  });
});
