import type { CliIO } from '../src/cli-io';

/** A {@link CliIO} whose output is kept in memory, and whose Ctrl-C the test presses. */
export interface CapturedIO {
  readonly io: CliIO;
  /** Everything written to stdout so far. */
  out(): string;
  /** Everything written to stderr so far. */
  err(): string;
  /** Resolves `io.interrupted`, as Ctrl-C would. */
  interrupt(): void;
}

/** Options of {@link captureIO}. */
export interface CaptureOptions {
  /** @default process.cwd() */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** A terminal size, to run commands as if stdout were a TTY. */
  readonly terminal?: { readonly columns: number; readonly rows: number };
  /** Resolves `io.interrupted` instead of {@link CapturedIO.interrupt}. */
  readonly interrupted?: Promise<void>;
  /** Called with each stdout write (e.g. to interrupt once a line appears). */
  readonly onStdout?: (text: string, captured: CapturedIO) => void;
}

/**
 * A CLI I/O for tests: captures stdout and stderr, and lets the test interrupt the command.
 *
 * @param options - Directory, environment, terminal, interruption.
 * @returns The I/O and accessors to what was written.
 */
export function captureIO(options: CaptureOptions = {}): CapturedIO {
  let out = '';
  let err = '';
  let interrupt: () => void = () => undefined;
  const interrupted = options.interrupted ?? new Promise<void>((resolve) => {
    interrupt = resolve;
  });
  const captured: CapturedIO = {
    io: {
      stdout: (text) => {
        out += text;
        options.onStdout?.(text, captured);
      },
      stderr: (text) => {
        err += text;
      },
      env: options.env ?? {},
      cwd: options.cwd ?? process.cwd(),
      interrupted,
      ...(options.terminal === undefined ? {} : { terminal: options.terminal }),
    },
    out: () => out,
    err: () => err,
    interrupt: () => interrupt(),
  };
  return captured;
}
