import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BudgetEvent } from './budget';
import { BudgetExceededError } from './errors/budget-exceeded-error';
import { WattLensError } from './errors/wattlens-error';
import { Meter } from './meter';
import { reportOf, reportWith } from '../test/helpers/reports';

const target = { provider: 'openai', model: 'gpt-4o-mini' };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

function collect(meter: Meter): { warnings: BudgetEvent[]; exceeded: BudgetEvent[] } {
  const warnings: BudgetEvent[] = [];
  const exceeded: BudgetEvent[] = [];
  meter.on('budget-warning', (event) => warnings.push(event));
  meter.on('budget-exceeded', (event) => exceeded.push(event));
  return { warnings, exceeded };
}

describe('budget events', () => {
  it('emits budget-warning once at 80% and budget-exceeded once at 100%', () => {
    const meter = new Meter({ budgets: [{ name: 'daily-co2', metric: 'gwp', limit: 10, window: 'day' }] });
    const { warnings, exceeded } = collect(meter);
    meter.record(reportOf(5));
    expect(warnings).toHaveLength(0);
    meter.record(reportOf(3));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ name: 'daily-co2', metric: 'gwp', spent: 8, fraction: 0.8, state: 'warning', resetsAt: '2026-11-29T00:00:00.000Z' });
    expect(warnings[0]?.record.provider).toBe('openai');
    meter.record(reportOf(1));
    expect(warnings).toHaveLength(1);
    expect(exceeded).toHaveLength(0);
    meter.record(reportOf(1));
    expect(exceeded).toHaveLength(1);
    expect(exceeded[0]).toMatchObject({ spent: 10, fraction: 1, state: 'exceeded' });
    meter.record(reportOf(1));
    expect(exceeded).toHaveLength(1);
  });

  it('emits both events, warning first, when one request jumps past the limit', () => {
    const meter = new Meter({ budgets: [{ name: 'hourly-water', metric: 'water', limit: 1, window: 'hour', warnAt: 0.5 }] });
    const order: string[] = [];
    meter.on('budget-warning', () => order.push('warning'));
    meter.on('budget-exceeded', () => order.push('exceeded'));
    meter.record(reportOf(2));
    expect(order).toEqual(['warning', 'exceeded']);
  });

  it('starts again in the next window', () => {
    const meter = new Meter({ budgets: [{ name: 'per-minute', metric: 'energy', limit: 1, window: 'minute' }] });
    const { exceeded } = collect(meter);
    meter.record(reportOf(1));
    expect(exceeded).toHaveLength(1);
    vi.setSystemTime(new Date('2026-11-28T10:01:00Z'));
    expect(meter.budgetStatus(target)[0]).toMatchObject({ spent: 0, state: 'ok', windowStart: '2026-11-28T10:01:00.000Z' });
    meter.record(reportOf(1));
    expect(exceeded).toHaveLength(2);
  });

  it('limits each request on its own with a request window', () => {
    const meter = new Meter({ budgets: [{ name: 'big-request', metric: 'energy', limit: 2, window: 'request' }] });
    const { warnings, exceeded } = collect(meter);
    meter.record(reportOf(1));
    meter.record(reportOf(1.7));
    meter.record(reportOf(3));
    meter.record(reportOf(3));
    expect(warnings.map((event) => event.spent)).toEqual([1.7, 3, 3]);
    expect(exceeded.map((event) => event.spent)).toEqual([3, 3]);
    expect(exceeded[0]?.resetsAt).toBeNull();
  });

  it('counts the prudent maximum with basis: max', () => {
    const meter = new Meter({ budgets: [{ name: 'prudent', metric: 'gwp', limit: 1, window: 'total', basis: 'max' }] });
    meter.record(reportWith({ gwp: { value: 0.5, min: 0.2, max: 0.9 } }));
    expect(meter.budgetStatus(target)[0]?.spent).toBe(0.9);
  });

  it('counts only the requests its scope matches', () => {
    const meter = new Meter({ budgets: [{ name: 'search-on-openai', metric: 'gwp', limit: 1, window: 'day', where: { provider: 'OpenAI', tags: { feature: 'search' } } }] });
    meter.record(reportOf(0.5), { tags: { feature: 'search' } });
    meter.record(reportOf(0.5), { tags: { feature: 'chat' } });
    meter.record(reportOf(0.5, 'mistral', 'ministral-8b-latest'), { tags: { feature: 'search' } });
    expect(meter.budgetStatus({ ...target, tags: { feature: 'search' } })[0]?.spent).toBe(0.5);
    expect(meter.budgetStatus({ ...target, tags: { feature: 'chat' } })).toEqual([]);
  });
});

describe('blocking budgets', () => {
  it('refuses the next request with a BudgetExceededError naming the budget, the spend and the reset', () => {
    const meter = new Meter({ budgets: [{ name: 'daily-co2', metric: 'gwp', limit: 1, window: 'day', policy: 'block' }] });
    meter.record(reportOf(0.6));
    expect(() => meter.assertWithinBudget(target)).not.toThrow();
    meter.record(reportOf(0.6));
    let caught: unknown;
    try {
      meter.assertWithinBudget(target);
    } catch (error) {
      caught = error;
    }
    expect(BudgetExceededError.isInstance(caught)).toBe(true);
    expect(WattLensError.isInstance(caught)).toBe(true);
    const error = caught as BudgetExceededError;
    expect(error.code).toBe('budget-exceeded');
    expect(error.budget).toBe('daily-co2');
    expect(error.spent).toBeCloseTo(1.2, 12);
    expect(error.limit).toBe(1);
    expect(error.resetsAt?.toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(error.message).toMatch(/daily-co2/);
    expect(error.message).toMatch(/2026-11-29T00:00:00.000Z/);
    expect(error.message).toMatch(/not sent/);

    vi.setSystemTime(new Date('2026-11-29T00:00:00Z'));
    expect(() => meter.assertWithinBudget(target)).not.toThrow();
  });

  it('resets a month budget on the first of the next month (UTC)', () => {
    const meter = new Meter({ budgets: [{ name: 'monthly', metric: 'energy', limit: 1, window: 'month', policy: 'block' }] });
    meter.record(reportOf(1));
    expect(() => meter.assertWithinBudget(target)).toThrow(expect.objectContaining({ resetsAt: new Date('2026-12-01T00:00:00Z') }));
    vi.setSystemTime(new Date('2026-12-01T00:00:00Z'));
    expect(() => meter.assertWithinBudget(target)).not.toThrow();
  });

  it('never resets a total budget', () => {
    const meter = new Meter({ budgets: [{ name: 'lifetime', metric: 'water', limit: 1, window: 'total', policy: 'block' }] });
    meter.record(reportOf(1));
    vi.advanceTimersByTime(400 * 86_400_000);
    expect(() => meter.assertWithinBudget(target)).toThrow(expect.objectContaining({ resetsAt: undefined, budget: 'lifetime' }));
  });

  it('blocks user A and not user B with a per-user budget', () => {
    const meter = new Meter({ budgets: [{ name: 'daily-per-user', metric: 'gwp', limit: 1, window: 'day', per: 'user', policy: 'block' }] });
    meter.record(reportOf(1), { tags: { user: 'alice' } });
    meter.record(reportOf(0.5), { tags: { user: 'bob' } });
    meter.record(reportOf(5));
    expect(() => meter.assertWithinBudget({ ...target, tags: { user: 'alice' } })).toThrow(expect.objectContaining({ tag: { key: 'user', value: 'alice' } }));
    expect(() => meter.assertWithinBudget({ ...target, tags: { user: 'bob' } })).not.toThrow();
    expect(() => meter.assertWithinBudget(target)).not.toThrow();
    expect(meter.budgetStatus({ ...target, tags: { user: 'bob' } })[0]).toMatchObject({ spent: 0.5, tag: { key: 'user', value: 'bob' } });
  });

  it('does not block with policy warn', () => {
    const meter = new Meter({ budgets: [{ name: 'soft', metric: 'gwp', limit: 1, window: 'day' }] });
    meter.record(reportOf(3));
    expect(() => meter.assertWithinBudget(target)).not.toThrow();
  });

  it('refuses a blocking per-request budget at creation', () => {
    expect(() => new Meter({ budgets: [{ name: 'x', metric: 'gwp', limit: 1, window: 'request', policy: 'block' }] })).toThrow(/per-request budget/);
  });

  it('checks a child request against the parent budgets too', () => {
    const meter = new Meter({ budgets: [{ name: 'org', metric: 'gwp', limit: 1, window: 'day', policy: 'block' }] });
    const team = meter.child({ team: 'search' }, { budgets: [{ name: 'team', metric: 'gwp', limit: 0.5, window: 'day', policy: 'block', per: 'team' }] });
    const other = meter.child({ team: 'ads' });
    team.record(reportOf(0.5));
    expect(() => team.assertWithinBudget(target)).toThrow(expect.objectContaining({ budget: 'team' }));
    expect(() => other.assertWithinBudget(target)).not.toThrow();
    other.record(reportOf(0.5));
    expect(() => other.assertWithinBudget(target)).toThrow(expect.objectContaining({ budget: 'org' }));
    expect(team.budgetStatus(target).map((status) => status.name)).toEqual(['team', 'org']);
  });

  it('restores a day budget from replayed records, silently, ignoring older days', () => {
    const source = new Meter();
    vi.setSystemTime(new Date('2026-11-27T12:00:00Z'));
    const yesterday = source.record(reportOf(5), { tags: { user: 'ada' } });
    vi.setSystemTime(new Date('2026-11-28T09:00:00Z'));
    const today = source.record(reportOf(1), { tags: { user: 'ada' } });
    vi.setSystemTime(new Date('2026-11-28T10:00:00Z'));
    const meter = new Meter({ budgets: [{ name: 'daily', metric: 'gwp', limit: 1, window: 'day', per: 'user', policy: 'block' }] });
    const { exceeded } = collect(meter);
    meter.replay([yesterday, today]);
    expect(exceeded).toHaveLength(0);
    expect(meter.budgetStatus({ ...target, tags: { user: 'ada' } })[0]?.spent).toBe(1);
    expect(() => meter.assertWithinBudget({ ...target, tags: { user: 'ada' } })).toThrow(BudgetExceededError);
  });

  it('tracks at most budgetValues tag values, forgetting the least recently updated', () => {
    const meter = new Meter({ limits: { budgetValues: 3 }, budgets: [{ name: 'per-user', metric: 'gwp', limit: 1, window: 'total', per: 'user', policy: 'block' }] });
    meter.record(reportOf(1), { tags: { user: 'u0' } });
    for (let index = 1; index < 10; index += 1) meter.record(reportOf(0.1), { tags: { user: `u${index}` } });
    expect(meter.memoryFootprint().budgetValues).toBe(3);
    expect(() => meter.assertWithinBudget({ ...target, tags: { user: 'u0' } })).not.toThrow();
    expect(meter.snapshot().budgets.map((status) => status.tag?.value)).toEqual(['u7', 'u8', 'u9']);
  });

  it('removes a budget with the function addBudget returns', () => {
    const meter = new Meter();
    const remove = meter.addBudget({ name: 'b', metric: 'gwp', limit: 1, window: 'day', policy: 'block' });
    meter.record(reportOf(2));
    expect(() => meter.assertWithinBudget(target)).toThrow(BudgetExceededError);
    remove();
    expect(() => meter.assertWithinBudget(target)).not.toThrow();
  });

  it.each([
    [{ name: '', metric: 'gwp', limit: 1, window: 'day' }, /budget.name/],
    [{ name: 'a', metric: 'co2', limit: 1, window: 'day' }, /budget.metric/],
    [{ name: 'a', metric: 'gwp', limit: 0, window: 'day' }, /budget.limit/],
    [{ name: 'a', metric: 'gwp', limit: 1, window: 'week' }, /budget.window/],
    [{ name: 'a', metric: 'gwp', limit: 1, window: 'day', warnAt: 1.5 }, /budget.warnAt/],
    [{ name: 'a', metric: 'gwp', limit: 1, window: 'day', policy: 'deny' }, /budget.policy/],
  ])('rejects a malformed budget %j', (budget, pattern) => {
    expect(() => new Meter({ budgets: [budget as never] })).toThrow(pattern);
  });
});
