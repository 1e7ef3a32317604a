// A CliIO that captures what a command writes, for running `main()` in-process.
import type { CliIO } from 'wattlens';

/** A {@link CliIO} whose output is kept, and whose `interrupted` resolves when asked. */
export interface CapturedIO extends CliIO {
  /** What was written to standard output. */
  readonly out: () => string;
  /** What was written to standard error. */
  readonly err: () => string;
  /** Resolves `interrupted`, as Ctrl-C would. */
  readonly interrupt: () => void;
}

/**
 * Builds a captured CliIO.
 *
 * @param cwd - The command's current directory.
 * @param options - `interrupted`: already interrupted (long-running commands stop at once). @default false
 * @returns The IO and its captured output.
 * @example
 * ```ts
 * const io = captureIO(directory);
 * const code = await main(['report', 'impact.jsonl', '--json'], io);
 * JSON.parse(io.out());
 * ```
 */
export function captureIO(cwd: string, options: { readonly interrupted?: boolean } = {}): CapturedIO {
  let out = '';
  let err = '';
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  if (options.interrupted === true) interrupt();
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    env: { NO_COLOR: '1' },
    cwd,
    interrupted,
    terminal: undefined,
    out: () => out,
    err: () => err,
    interrupt,
  };
}
