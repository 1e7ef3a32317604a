import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidRequestError } from '@wattlens/core';
import { startDashboard, type Dashboard } from '@wattlens/dashboard';
import { UsageError, type CliCommand } from '../cli-io';
import { integerFlag, parseFlags } from '../internal/args';

/** The help text of `wattlens dashboard`. */
export const DASHBOARD_HELP = `Usage: wattlens dashboard [--ledger FILE] [--port N] [--host H] [--allow-remote]

Serves the live dashboard of a WattLens ledger in your browser: running totals of energy, CO2e
and water with their ranges, equivalents, the last ten minutes, a comparison by provider and by
model, the latest requests, and carbon recomputed for another electricity grid. It follows the
ledger as your application appends to it. Runs until Ctrl-C.

  --ledger FILE    the ledger (JSON Lines) to show and follow (default impact.jsonl); it may not
                   exist yet
  --port N         port to listen on (default 0: any free port)
  --host H         address to listen on (default 127.0.0.1); another address than loopback
                   needs --allow-remote
  --allow-remote   allow --host beyond loopback (e.g. 0.0.0.0): shows your usage to your network
`;

const MAX_PORT = 65_535;
const LOOPBACK = /^(localhost|::1|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/i;

/** `wattlens dashboard`: serves the dashboard of a ledger, prints its address, stops on Ctrl-C. */
export const dashboardCommand: CliCommand = async (args, io) => {
  const { values } = parseFlags(args, {
    ledger: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'allow-remote': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    io.stdout(DASHBOARD_HELP);
    return 0;
  }
  const port = integerFlag('port', values.port);
  if (port !== undefined && port > MAX_PORT) throw new UsageError(`--port must be at most ${MAX_PORT}, got "${values.port}"`);
  const host = values.host ?? '127.0.0.1';
  const allowRemote = values['allow-remote'];
  if (host.trim() === '') throw new UsageError('--host must be an address such as 127.0.0.1');
  if (!LOOPBACK.test(host) && !allowRemote) {
    throw new UsageError(`--host ${host} would show your usage to your network; add --allow-remote to do it anyway`);
  }
  const ledgerName = values.ledger ?? 'impact.jsonl';
  if (ledgerName.trim() === '') throw new UsageError('--ledger must be a file name');
  const ledger = resolve(io.cwd, ledgerName);

  let dashboard: Dashboard;
  try {
    dashboard = await startDashboard({ ledger, host, allowRemote, ...(port === undefined ? {} : { port }) });
  } catch (error) {
    const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
    if (code === 'EADDRINUSE') throw new Error(`port ${port} is already in use: pick another with --port, or --port 0 for any free port`);
    if (code === 'EISDIR' || (InvalidRequestError.isInstance(error) && error.field === 'options.ledger')) {
      throw new UsageError(`"${ledgerName}" is a directory, not a ledger file`);
    }
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`--host ${host} is not an address of this machine`);
    throw error;
  }
  const waiting = existsSync(ledger) ? '' : `\n${ledgerName} does not exist yet: its requests appear as soon as it is written.`;
  io.stdout(`WattLens dashboard: ${dashboard.url}\nShowing ${ledgerName}${allowRemote && !LOOPBACK.test(host) ? `, listening on ${host}` : ''}. Press Ctrl-C to stop.${waiting}\n`);
  await io.interrupted;
  await dashboard.close();
  io.stdout('Dashboard stopped.\n');
  return 0;
};
