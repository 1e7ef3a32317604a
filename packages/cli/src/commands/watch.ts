import { resolve } from 'node:path';
import { InvalidRequestError } from '@wattlens/core';
import { startTerminalView, type TerminalView } from '@wattlens/dashboard';
import { UsageError, type CliCommand } from '../cli-io';
import { choiceFlag, parseFlags } from '../internal/args';

/** The help text of `wattlens watch`. */
export const WATCH_HELP = `Usage: wattlens watch [--ledger FILE] [--plain] [--locale en|fr]

A live view of a WattLens ledger in the terminal: running totals of energy, CO2e and water with
their ranges, the last minute, equivalents, the last ten minutes, the top models and budgets,
updated in place as your application appends requests. Runs until Ctrl-C.

  --ledger FILE    the ledger (JSON Lines) to follow (default impact.jsonl); it may not exist yet
  --plain          one line per change instead of a view redrawn in place (the default when the
                   output is not a terminal)
  --locale en|fr   language of the units and equivalents (default en)

Colours follow NO_COLOR (https://no-color.org).
`;

/** `wattlens watch`: the terminal live view of a ledger, until Ctrl-C. */
export const watchCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    ledger: { type: 'string' },
    plain: { type: 'boolean', default: false },
    locale: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(WATCH_HELP);
    return 0;
  }
  const locale = choiceFlag('locale', values.locale, ['en', 'fr'] as const) ?? 'en';
  const ledgerName = values.ledger ?? 'impact.jsonl';
  if (ledgerName.trim() === '') throw new UsageError('--ledger must be a file name');
  const live = !values.plain && io.terminal !== undefined;
  // NO_COLOR: any non-empty value turns colours off (https://no-color.org).
  const color = (io.env['NO_COLOR'] ?? '') === '';

  if (!live) io.stdout(`Following ${ledgerName}: one line each time its totals change. Press Ctrl-C to stop.\n`);
  let view: TerminalView;
  try {
    view = await startTerminalView({
      ledger: resolve(io.cwd, ledgerName),
      write: io.stdout,
      mode: live ? 'live' : 'plain',
      color,
      locale,
      size: () => ({ columns: io.terminal?.columns ?? 80, rows: io.terminal?.rows ?? 24 }),
    });
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === 'EISDIR' || (InvalidRequestError.isInstance(error) && error.field === 'options.ledger')) {
      throw new UsageError(`"${ledgerName}" is a directory, not a ledger file`);
    }
    throw error;
  }
  await io.interrupted;
  await view.stop();
  if (!live) io.stdout('Stopped.\n');
  return 0;
};
