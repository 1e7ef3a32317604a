import { describe, expect, it, vi } from 'vitest';
import type { ImpactContext } from './impact-context';
import type { ImpactReport } from './impact-report';
import { BudgetExceededError } from './errors/budget-exceeded-error';
import { getImpact } from './attach-impact';
import { meterCall, streamOutcome } from './meter-call';
import { Meter } from './meter';

const target = { provider: 'mistral', model: 'mistral-small-latest', operation: 'chat' } as const;

describe('meterCall', () => {
  it('records a result once with its usage and request id, and attaches the report', async () => {
    const seen: [ImpactReport, ImpactContext][] = [];
    const result = await meterCall({ onImpact: (report, context) => seen.push([report, context]) }, target, {}, async () => ({ id: 'cmpl-1', tokens: 7 }), {
      usage: (value) => ({ inputTokens: 3, outputTokens: value.tokens }),
      requestId: (value) => value.id,
    });
    expect(JSON.stringify(result)).toBe('{"id":"cmpl-1","tokens":7}');
    expect(seen).toHaveLength(1);
    expect(getImpact(result)).toBe(seen[0]?.[0]);
    expect(seen[0]?.[0].request).toMatchObject({ inputTokens: 3, outputTokens: 7 });
    expect(seen[0]?.[1]).toMatchObject({ status: 'completed', requestId: 'cmpl-1', streamed: false });
  });

  it('re-throws the same error and records the failure with what was consumed', async () => {
    const contexts: ImpactContext[] = [];
    const error = Object.assign(new Error('rate limited: secret prompt'), { statusCode: 429 });
    const caught = await meterCall({ onImpact: (_report, context) => contexts.push(context) }, target, {}, () => Promise.reject(error), {
      usage: () => ({}),
      failed: () => ({ inputTokens: 12, tokenSource: 'counted' }),
    }).catch((thrown: unknown) => thrown);
    expect(caught).toBe(error);
    expect(contexts[0]).toMatchObject({ status: 'failed', error: { name: 'Error', status: 429 } });
    expect(JSON.stringify(contexts)).not.toContain('secret');
  });

  it('records a request the provider refused (4xx) with no tokens, and one it failed (5xx) with what it consumed', async () => {
    const reports: ImpactReport[] = [];
    const options = { onImpact: (report: ImpactReport) => void reports.push(report) };
    const reader = { usage: () => ({}), failed: () => ({ inputTokens: 12, tokenSource: 'counted' as const, modality: 'embedding' as const }) };
    for (const statusCode of [400, 401, 429]) {
      await meterCall(options, target, {}, () => Promise.reject(Object.assign(new Error('no'), { statusCode })), reader).catch(() => undefined);
    }
    await meterCall(options, target, {}, () => Promise.reject(Object.assign(new Error('server'), { statusCode: 500 })), reader).catch(() => undefined);
    expect(reports.map((report) => report.request.inputTokens)).toEqual([0, 0, 0, 12]);
    expect(reports.slice(0, 3).every((report) => report.energy.value === 0 && report.request.modality === 'embedding')).toBe(true);
    expect(reports[3]?.request.tokenSource).toBe('counted');
    expect(reports[3]?.energy.value).toBeGreaterThan(0);
  });

  it('records the status an SDK keeps elsewhere, through describeError', async () => {
    const contexts: ImpactContext[] = [];
    const error = Object.assign(new Error('provider said no'), { name: 'InferenceClientProviderApiError', httpResponse: { status: 503 } });
    const caught = await meterCall({ onImpact: (_report, context) => contexts.push(context) }, target, {}, () => Promise.reject(error), {
      usage: () => ({}),
      describeError: (thrown) => ({ name: (thrown as Error).name, status: (thrown as typeof error).httpResponse.status }),
    }).catch((thrown: unknown) => thrown);
    expect(caught).toBe(error);
    expect(contexts[0]?.error).toEqual({ name: 'InferenceClientProviderApiError', status: 503 });
  });

  it('says aborted when the signal was aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const contexts: ImpactContext[] = [];
    await meterCall({ onImpact: (_report, context) => contexts.push(context) }, target, {}, () => Promise.reject(new Error('stopped')), { usage: () => ({}), signal: controller.signal }).catch(() => undefined);
    expect(contexts[0]?.status).toBe('aborted');
  });

  it('refuses before sending when a blocking budget is spent', async () => {
    const meter = new Meter({ budgets: [{ name: 'tiny', metric: 'energy', limit: 1e-12, window: 'day', policy: 'block' }] });
    await meterCall({ meter }, target, {}, async () => ({}), { usage: () => ({ inputTokens: 100, outputTokens: 100 }) });
    const send = vi.fn(async () => ({}));
    await expect(meterCall({ meter }, target, {}, send, { usage: () => ({}) })).rejects.toBeInstanceOf(BudgetExceededError);
    expect(send).not.toHaveBeenCalled();
  });

  it('still records a result whose usage cannot be read', async () => {
    const result = await meterCall({}, target, {}, async () => ({}), {
      usage: () => {
        throw new TypeError('unexpected shape');
      },
    });
    expect(getImpact(result)?.request.outputTokens).toBe(0);
  });
});

describe('streamOutcome', () => {
  it('maps stream ends to outcomes', () => {
    expect(streamOutcome({ reason: 'completed' }, true)).toEqual({ streamed: true });
    expect(streamOutcome({ reason: 'cancelled' }, false)).toEqual({ status: 'aborted', streamed: true });
    expect(streamOutcome({ reason: 'cancelled' }, true)).toEqual({ streamed: true });
    const error = new Error('cut');
    expect(streamOutcome({ reason: 'errored', error }, false)).toEqual({ error, status: 'failed', streamed: true });
    const controller = new AbortController();
    controller.abort();
    expect(streamOutcome({ reason: 'errored', error }, false, controller.signal).status).toBe('aborted');
  });
});
