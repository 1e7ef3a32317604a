/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Environment variables (API keys, NO_COLOR, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Current directory, for relative paths. */
  readonly cwd: string;
  /** Resolves when the user asks to stop (Ctrl-C); long-running commands wait on it. */
  readonly interrupted: Promise<void>;
  /** The terminal's size when stdout is a terminal (live views redraw in place); `undefined` for a pipe or a file. */
  readonly terminal?: { readonly columns: number; readonly rows: number } | undefined;
}

/** A command of the `wattlens` CLI: returns its exit code. */
export type CliCommand = (args: readonly string[], io: CliIO) => Promise<number>;

/** Thrown for bad arguments: the CLI prints its one-line message and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
