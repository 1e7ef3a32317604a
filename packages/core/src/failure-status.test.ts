import { describe, expect, it } from 'vitest';
import { failureStatus } from './failure-status';

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
