// The bench's results: each figure beside the baseline measured in the same run, as JSON for
// machines (bench/report.json) and as a short table for people (bench/summary.txt).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus, availableParallelism, totalmem, release, loadavg } from 'node:os';

/** A target on the ratio to the baseline, or on the figure itself (the issue's "ready ≤ 1 s"). */
export type Target =
  | { comparison: '<=' | '>='; ratio: number }
  | { comparison: '<=' | '>='; value: number };

export interface Figure {
  id: string;
  title: string;
  unit: string;
  value: number;
  baselineName: string;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  /** null: the issue sets no target, the figure is for information. */
  target: Target | null;
  pass: boolean | null;
  details?: Record<string, unknown>;
}

export function figure(input: Omit<Figure, 'ratio' | 'pass'>): Figure {
  const ratio = Math.round((input.value / input.baseline) * 1000) / 1000;
  const target = input.target;
  const measured = target && 'value' in target ? input.value : ratio;
  const limit = target && 'value' in target ? target.value : target?.ratio;
  const pass = target === null || limit === undefined ? null : target.comparison === '<=' ? measured <= limit : measured >= limit;
  return { ...input, value: round(input.value), baseline: round(input.baseline), ratio, pass };
}

export function machineInfo() {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryMiB: Math.round(totalmem() / 1048576),
    node: process.version,
    platform: `${process.platform} ${release()}`,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

export interface Report {
  date: string;
  runtimeSeconds: number;
  machine: ReturnType<typeof machineInfo>;
  method: Record<string, unknown>;
  dataset: Record<string, unknown>;
  figures: Figure[];
  /** Every target met (figures without a target are not counted). */
  passed: boolean;
  /** Observations a reader needs beside the table (CPU saturation, memory after the run, errors). */
  notes: string[];
  runs: Record<string, unknown>;
}

export function writeReport(report: Report, jsonPath: string, summaryPath: string): string {
  mkdirSync(dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(report, null, 2) + '\n');
  const summary = formatSummary(report);
  writeFileSync(summaryPath, summary);
  return summary;
}

export function formatSummary(report: Report): string {
  const { machine, dataset } = report;
  const rows = report.figures.map((f) => [
    f.title,
    `${format(f.value)} ${f.unit}`,
    `${format(f.baseline)} ${f.unit} (${f.baselineName})`,
    f.ratio.toFixed(2),
    f.target ? `${f.target.comparison === '<=' ? '≤' : '≥'} ${'value' in f.target ? `${f.target.value} ${f.unit}` : f.target.ratio}` : '—',
    f.pass === null ? 'info' : f.pass ? 'PASS' : 'FAIL',
  ]);
  const header = ['figure', 'CoPi', 'baseline', 'ratio', 'target', 'result'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const built = dataset.fromCache ? 'from cache' : `built in ${Number(dataset.seconds).toFixed(1)} s`;
  return [
    `CoPi bench, ${report.date}`,
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryMiB} MiB, Node ${machine.node}, ${machine.platform}`,
    `Method: ${String(report.method.summary)}`,
    `Dataset: ${Number(dataset.elements).toLocaleString('en')} elements, ${Number(dataset.links).toLocaleString('en')} links, ` +
      `${Number(dataset.tags).toLocaleString('en')} tags, ${(Number(dataset.dbBytes) / 1048576).toFixed(0)} MiB database (${built})`,
    '',
    line(header),
    line(widths.map((width) => '-'.repeat(width))),
    ...rows.map(line),
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
    `Targets: ${report.passed ? 'all met' : 'NOT all met'}. Run took ${report.runtimeSeconds.toFixed(0)} s.`,
    '',
  ].join('\n');
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const format = (value: number) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));
