/** The statuses `status:N` can inject (503 is left out on purpose: the Hugging Face SDK retries it forever). */
export const FAULT_STATUSES = [400, 401, 403, 404, 429, 500] as const;

/** Faults parsed from `x-sim-fault` (or the `faults` option), e.g. `slow-first-byte:200,cut-after:5`. */
export interface Faults {
  /** Answer with this error status and the provider's error body. */
  readonly status?: number;
  /** Close the connection abruptly after this many SSE events (or body bytes for a non-stream reply). */
  readonly cutAfter?: number;
  /**
   * Stop sending after this many SSE events (or body bytes for a non-stream reply) and keep the
   * connection open, until the client aborts or the simulator closes: a reply still in flight
   * whatever the machine's speed, for aborting mid-stream deterministically.
   */
  readonly stallAfter?: number;
  /** Make the N-th SSE event (1-based) invalid JSON; a non-stream reply's body is invalid JSON. */
  readonly malformed?: number;
  /** Wait this long before sending anything. */
  readonly slowFirstByteMs?: number;
  /** Never answer; the exchange ends when the client aborts or the simulator closes. */
  readonly hang: boolean;
}

/** What went wrong reading a fault specification. */
export class FaultSyntaxError extends Error {
  constructor(specification: string, detail: string) {
    super(
      `Invalid simulator fault "${specification}": ${detail}. Use a comma-separated list of ` +
        `status:${FAULT_STATUSES.join('|')}, cut-after:N, stall-after:N, malformed:N, slow-first-byte:MS or hang.`,
    );
    this.name = 'FaultSyntaxError';
  }
}

function positiveInteger(specification: string, name: string, value: string | undefined, minimum: number): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) throw new FaultSyntaxError(specification, `${name} needs an integer`);
  const parsed = Number(value.trim());
  if (parsed < minimum) throw new FaultSyntaxError(specification, `${name} must be at least ${minimum}`);
  return parsed;
}

/** Parses a fault specification; an empty or missing one means no fault. */
export function parseFaults(specification: string | undefined): Faults {
  const faults: { -readonly [K in keyof Faults]: Faults[K] } = { hang: false };
  if (specification === undefined || specification.trim() === '') return faults;
  for (const item of specification.split(',')) {
    const [rawName, value] = item.split(':', 2) as [string, string | undefined];
    const name = rawName.trim().toLowerCase();
    switch (name) {
      case 'status': {
        const status = positiveInteger(specification, name, value, 100);
        if (!(FAULT_STATUSES as readonly number[]).includes(status)) {
          throw new FaultSyntaxError(specification, `status ${status} is not one the simulator injects`);
        }
        faults.status = status;
        break;
      }
      case 'cut-after':
        faults.cutAfter = positiveInteger(specification, name, value, 0);
        break;
      case 'stall-after':
        faults.stallAfter = positiveInteger(specification, name, value, 0);
        break;
      case 'malformed':
        faults.malformed = positiveInteger(specification, name, value, 1);
        break;
      case 'slow-first-byte':
        faults.slowFirstByteMs = positiveInteger(specification, name, value, 0);
        break;
      case 'hang':
        faults.hang = true;
        break;
      case '':
        break;
      default:
        throw new FaultSyntaxError(specification, `unknown fault "${name}"`);
    }
  }
  return faults;
}
