export { main, processIO } from './main';
export type { CliCommand, CliIO } from './cli-io';
export { UsageError } from './cli-io';
