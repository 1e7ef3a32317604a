// Dashboard server
export { startDashboard } from './start-dashboard';
export type { Dashboard, DashboardOptions } from './start-dashboard';

// Snapshot (what GET /api/snapshot returns and the `snapshot` event carries)
export { DASHBOARD_SNAPSHOT_VERSION } from './dashboard-snapshot';
export type {
  CarbonByZone,
  DashboardAlert,
  DashboardSeries,
  DashboardSnapshot,
  DashboardZone,
  SeriesPoint,
  ZoneRecompute,
} from './dashboard-snapshot';
export { carbonForZone } from './carbon-for-zone';

// Terminal live view
export { renderTerminalLine, renderTerminalView } from './terminal-view';
export type { TerminalViewOptions } from './terminal-view';
export { startTerminalView } from './start-terminal-view';
export type { StartTerminalViewOptions, TerminalView } from './start-terminal-view';
