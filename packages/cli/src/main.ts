import type { CliCommand, CliIO } from './cli-io';
import { UsageError } from './cli-io';
import { estimateCommand } from './commands/estimate';
import { modelsCommand } from './commands/models';
import { compareCommand } from './commands/compare';
import { reportCommand } from './commands/report';
import { simCommand } from './commands/sim';
import { dashboardCommand } from './commands/dashboard';
import { watchCommand } from './commands/watch';
import { demoCommand } from './commands/demo';

/** Every `wattlens` command, by name. */
const COMMANDS: Readonly<Record<string, { readonly run: CliCommand; readonly summary: string }>> = {
  estimate: { run: estimateCommand, summary: 'impact of one request (--json for the full report)' },
  models: { run: modelsCommand, summary: 'the model catalog, zones (--zones) and providers (--providers) estimates use' },
  compare: { run: compareCommand, summary: 'rank providers, models and zones for the same work' },
  report: { run: reportCommand, summary: 'totals and breakdowns of a ledger file (--json, --by, --since)' },
  sim: { run: simCommand, summary: 'local OpenAI, Mistral and Hugging Face API simulator (--latency, --seed)' },
  dashboard: { run: dashboardCommand, summary: 'live dashboard of a ledger in your browser (--ledger, --port)' },
  watch: { run: watchCommand, summary: 'live view of a ledger in the terminal (--ledger, --plain)' },
  demo: { run: demoCommand, summary: 'a scripted session through the three SDKs, live in the dashboard (--no-dashboard, --requests)' },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return `Usage: wattlens <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`).join('\n')}

Run \`wattlens <command> --help\` for a command's options.
`;
}

/**
 * Runs the `wattlens` CLI with the given arguments.
 *
 * @param argv - Arguments after the program name, e.g. `['estimate', '--provider', 'openai', …]`.
 * @param io - Where to write; defaults to the process's streams.
 * @returns The exit code: 0 on success, 1 on failure, 2 on bad arguments.
 * @example
 * ```ts
 * const code = await main(['estimate', '--provider', 'openai', '--model', 'gpt-4o', '--output-tokens', '500']);
 * ```
 */
export async function main(argv: readonly string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout('wattlens 0.1.0\n');
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(`wattlens: unknown command "${oneLine(name)}". Run \`wattlens --help\` for the list.\n`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`wattlens ${name}: ${oneLine(error.message)}\n`);
      return 2;
    }
    io.stderr(`wattlens ${name}: ${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
}

/**
 * A message as one line that is safe to print on a terminal: the control characters it may echo
 * from an argument (line breaks, escape sequences) are shown escaped (`\n`, `\u001b`).
 */
function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) =>
    character === '\n' ? '\\n' : character === '\t' ? '\\t' : `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

let interrupted: Promise<void> | undefined;

/** The real process's standard streams, environment and Ctrl-C. */
export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    get terminal() {
      return process.stdout.isTTY ? { columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24 } : undefined;
    },
    // Created on first use only: listening to SIGINT replaces Node's default exit on Ctrl-C.
    get interrupted() {
      interrupted ??= new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      return interrupted;
    },
  };
}
