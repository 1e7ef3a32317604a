import { describe, expectTypeOf, it } from 'vitest';
import type { BudgetEvent } from './budget';
import type { ImpactContext, OnImpact } from './impact-context';
import type { ImpactReport } from './impact-report';
import type { ImpactOptions, RequestTracker } from './instrumentation';
import type { ImpactRecordedEvent, ListenerErrorEvent, MeterSnapshot } from './meter';
import { trackRequest } from './instrumentation';
import { Meter } from './meter';

describe('types adapters build on', () => {
  it('types each meter event payload', () => {
    const meter = new Meter();
    meter.on('impact-recorded', (event) => expectTypeOf(event).toEqualTypeOf<ImpactRecordedEvent>());
    meter.on('budget-warning', (event) => expectTypeOf(event).toEqualTypeOf<BudgetEvent>());
    meter.on('budget-exceeded', (event) => expectTypeOf(event).toEqualTypeOf<BudgetEvent>());
    meter.on('listener-error', (event) => expectTypeOf(event).toEqualTypeOf<ListenerErrorEvent>());
    expectTypeOf(meter.on('impact-recorded', () => {})).toEqualTypeOf<() => void>();
    // @ts-expect-error an unknown event name
    meter.on('impact-added', () => {});
    expectTypeOf(meter.snapshot()).toEqualTypeOf<MeterSnapshot>();
  });

  it('lets an adapter extend ImpactOptions and accepts async hooks', () => {
    interface AdapterOptions extends ImpactOptions {
      readonly provider?: string;
    }
    const hook: OnImpact = async (report, context) => {
      expectTypeOf(report).toEqualTypeOf<ImpactReport>();
      expectTypeOf(context).toEqualTypeOf<ImpactContext>();
    };
    const options: AdapterOptions = { meter: new Meter(), onImpact: hook, provider: 'groq', zone: 'FRA', enforceBudgets: false };
    expectTypeOf(trackRequest(options, { provider: 'groq', model: 'llama', operation: 'chat' })).toEqualTypeOf<RequestTracker>();
    expectTypeOf(trackRequest(options, { provider: 'groq', model: 'llama', operation: 'my-custom-operation' }).finish({ outputTokens: 1 })).toEqualTypeOf<ImpactReport>();
  });
});
