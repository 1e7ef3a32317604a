import { describe, expect, it } from 'vitest';
import { failureStatus, refusedBeforeInference } from './failure-status';

describe('failureStatus', () => {
  it('says aborted for a signal the caller aborted, and for abort errors', () => {
    const controller = new AbortController();
    controller.abort();
    expect(failureStatus(new Error('any'), controller.signal)).toBe('aborted');
    expect(failureStatus(new DOMException('stopped', 'AbortError'))).toBe('aborted');
    expect(failureStatus(Object.assign(new Error('x'), { name: 'RequestAbortedError' }))).toBe('aborted');
    expect(failureStatus(Object.assign(new Error('x'), { name: 'APIUserAbortError' }))).toBe('aborted');
  });

  it('says failed for provider errors and timeouts', () => {
    expect(failureStatus(Object.assign(new Error('rate limited'), { name: 'MistralError', statusCode: 429 }))).toBe('failed');
    expect(failureStatus(new TypeError('fetch failed'), new AbortController().signal)).toBe('failed');
    const timeout = new AbortController();
    timeout.abort(new DOMException('too slow', 'TimeoutError'));
    expect(failureStatus(new Error('x'), timeout.signal)).toBe('failed');
    expect(failureStatus(undefined)).toBe('failed');
    expect(failureStatus('a string')).toBe('failed');
  });
});

describe('refusedBeforeInference', () => {
  it('is true for a 4xx answer, in status or statusCode', () => {
    expect(refusedBeforeInference(Object.assign(new Error('rate limited'), { status: 429 }))).toBe(true);
    expect(refusedBeforeInference(Object.assign(new Error('bad key'), { name: 'MistralError', statusCode: 401 }))).toBe(true);
    expect(refusedBeforeInference({ name: 'InferenceClientProviderApiError', status: 400 })).toBe(true);
  });

  it('is false for a 5xx, a transport error, an abort or anything else', () => {
    expect(refusedBeforeInference(Object.assign(new Error('server'), { status: 500 }))).toBe(false);
    expect(refusedBeforeInference(new TypeError('fetch failed'))).toBe(false);
    expect(refusedBeforeInference(new DOMException('stopped', 'AbortError'))).toBe(false);
    expect(refusedBeforeInference({ status: '429' })).toBe(false);
    expect(refusedBeforeInference(undefined)).toBe(false);
    expect(refusedBeforeInference(Object.defineProperty({}, 'status', { get: () => { throw new Error('getter'); } }))).toBe(false);
  });
});
