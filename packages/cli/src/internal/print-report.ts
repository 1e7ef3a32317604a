import {
  formatCarbon,
  formatEnergy,
  formatPrimaryEnergy,
  formatRange,
  formatResources,
  formatWater,
  type ImpactReport,
  type Range,
} from '@wattlens/core';

function ranged(range: Range, format: (value: number) => string): string {
  return formatRange(range, format);
}

function plain(range: Range): string {
  return range.min === range.max ? `${range.value}` : `${range.value} (${range.min}–${range.max})`;
}

/** Renders an impact report for a terminal: totals, split, breakdown, assumptions, warnings. */
export function printReport(report: ImpactReport): string {
  const { request, assumptions, breakdown } = report;
  const lines: string[] = [];
  lines.push(`${request.provider}/${request.model} · ${request.inputTokens} input + ${request.outputTokens} output tokens`
    + (request.latencyMs === undefined ? '' : ` · ${(request.latencyMs / 1000).toFixed(2)} s`)
    + ` · methodology ${assumptions.methodology}`);
  lines.push('');
  const rows: [string, string, string, string][] = [
    ['Energy', ranged(report.energy, formatEnergy), ranged(report.usage.energy, formatEnergy), '—'],
    ['Greenhouse gases', ranged(report.gwp, formatCarbon), ranged(report.usage.gwp, formatCarbon), ranged(report.embodied.gwp, formatCarbon)],
    ['Water', ranged(report.water, formatWater), ranged(report.usage.water, formatWater), ranged(report.embodied.water, formatWater)],
    ['Abiotic resources', ranged(report.adpe, formatResources), ranged(report.usage.adpe, formatResources), ranged(report.embodied.adpe, formatResources)],
    ['Primary energy', ranged(report.pe, formatPrimaryEnergy), ranged(report.usage.pe, formatPrimaryEnergy), ranged(report.embodied.pe, formatPrimaryEnergy)],
  ];
  const header: [string, string, string, string] = ['', 'total', 'usage', 'embodied'];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)));
  for (const row of [header, ...rows]) {
    lines.push('  ' + row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('   ').trimEnd());
  }
  lines.push('');
  lines.push('Energy breakdown');
  lines.push(`  GPU prefill   ${ranged(breakdown.gpu.prefill, formatEnergy)}`);
  lines.push(`  GPU decode    ${ranged(breakdown.gpu.decode, formatEnergy)}`);
  lines.push(`  server        ${ranged(breakdown.server, formatEnergy)}`);
  lines.push(`  overhead      ${ranged(breakdown.overhead, formatEnergy)}`);
  lines.push('');
  lines.push('Assumptions');
  lines.push(`  model         ${assumptions.model.id} (${assumptions.model.architecture}, ${plain(assumptions.model.totalParameters)}B total, ${plain(assumptions.model.activeParameters)}B active, ${assumptions.model.match})`);
  lines.push(`  zone          ${assumptions.zone}`);
  lines.push(`  PUE / WUE     ${plain(assumptions.pue)} / ${plain(assumptions.wue)} L/kWh`);
  lines.push(`  hardware      ${assumptions.hardware} × ${plain(assumptions.gpus)}`);
  lines.push(`  batch size    ${plain(assumptions.batchSize)}`);
  lines.push(`  data          ${assumptions.dataVersion}`);
  if (report.warnings.length > 0) {
    lines.push('');
    lines.push('Warnings');
    for (const warning of report.warnings) lines.push(`  ${warning.code}: ${warning.message}`);
  }
  return lines.join('\n') + '\n';
}
