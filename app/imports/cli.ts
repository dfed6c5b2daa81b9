// Imports from the command line (`npm run admin -- import FILE ...`): the same staging, preview, commit and
// undo as the admin page, run in this process (nothing else waits on it), with a progress line on stderr.
import { createInterface } from 'node:readline/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../core/errors.ts';
import { formatById } from './formats/index.ts';
import { importCacheKiB, type ImportSummary } from './model.ts';
import { checkImportFile, formatBytes } from './read/file.ts';
import { importReport, reportHtml, countLabels } from './report.ts';
import { stageImport, type ImportDeps } from './stage.ts';
import { commitImport } from './commit.ts';
import { undoImport } from './undo.ts';
import { stageTaskOf } from './start.ts';
import { listImports, stagedSample } from './storage.ts';
import { sql } from '../core/db/database.ts';

export interface CliIo {
  out(line: string): void;
  /** The progress line, rewritten in place on a terminal. */
  progress(text: string): void;
  ask(question: string): Promise<string>;
}

export const importUsage = 'import FILE [--format F] [--source S] [--licence L] [--date YYYY-MM-DD] [--type T] [--organizer ID] [--yes] | import:list | import:undo ID | import:report ID [--html]';

/** The io of a real terminal: progress on stderr (one line, rewritten), questions on stdin. */
export function terminalIo(): CliIo {
  const tty = process.stderr.isTTY;
  return {
    out: (line) => console.log(line),
    progress: (text) => process.stderr.write(tty ? `\r${text.padEnd(60)}` : `${text}\n`),
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } catch {
        return ''; // stdin closed: no answer
      } finally {
        rl.close();
      }
    },
  };
}

/** Runs one import command; false when the command is not an import one. */
export async function runImportCommand(deps: ImportDeps, command: string, args: string[], io: CliIo): Promise<boolean> {
  if (command.startsWith('import')) deps.db.pragma(`cache_size = -${importCacheKiB}`);
  switch (command) {
    case 'import': await importFile(deps, args, io); return true;
    case 'import:list': listAll(deps, io); return true;
    case 'import:undo': {
      if (!args[0]) throw new AppError('validation', 'Usage: npm run admin -- import:undo ID');
      const undone = await undoImport(deps, args[0]);
      io.out(`Import ${undone.id} (${undone.fileName}) undone.`);
      return true;
    }
    case 'import:report': {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { html: { type: 'boolean' } } });
      const report = positionals[0] ? importReport(deps.db, positionals[0]) : null;
      if (!report) throw new AppError('not_found', `No import "${positionals[0] ?? ''}" (see npm run admin -- import:list)`);
      io.out(values.html ? reportHtml(report, deps.box.timezone, deps.box.name) : JSON.stringify(report, null, 2));
      return true;
    }
    default: return false;
  }
}

async function importFile(deps: ImportDeps, args: string[], io: CliIo) {
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: {
      format: { type: 'string' }, source: { type: 'string' }, licence: { type: 'string' }, date: { type: 'string' }, type: { type: 'string' },
      organizer: { type: 'string' }, yes: { type: 'boolean', short: 'y' },
    },
  });
  if (positionals.length !== 1) throw new AppError('validation', `Usage: npm run admin -- ${importUsage.split(' | ')[0]}`);
  // npm runs this from the project's folder; a relative FILE is relative to where npm was typed.
  const path = resolve(process.env.INIT_CWD ?? '.', positionals[0]);
  const file = checkImportFile(path, { name: positionals[0], maxBytes: Number.MAX_SAFE_INTEGER });
  const task = stageTaskOf(deps.db, {
    file, origin: 'cli', createdBy: null, choices: {
      format: values.format, source: values.source, licence: values.licence, publishedOn: values.date,
      options: { type: values.type, organizerId: values.organizer },
    },
  });
  const format = formatById(task.formatId);
  io.out(`Reading ${file.name} (${formatBytes(file.bytes)}) as ${format.label}...`);
  let importId: string | null = null;
  let shown = -1;
  const staged = await stageImport(deps, { ...task, format }, (fraction) => {
    const percent = Math.floor(fraction * 100);
    if (percent === shown) return;
    shown = percent;
    importId ??= (sql(deps.db, 'SELECT id FROM imports WHERE rowid = last_insert_rowid()').get() as { id: string } | undefined)?.id ?? null;
    const rows = importId ? (sql(deps.db, 'SELECT count(*) AS n FROM import_rows WHERE import_id = ?').get(importId) as { n: number }).n : 0;
    io.progress(`${String(percent).padStart(3)} %  ${rows} rows`);
  });
  io.progress(`100 %  ${staged.counts.read ?? 0} rows read`);
  io.out('');
  if (staged.status === 'failed') throw new AppError('validation', `${file.name} could not be imported: ${staged.error}`);
  printPreview(deps, staged, io);
  const answer = values.yes ? 'y' : await io.ask('Commit? [y/N] ');
  if (!/^y(es)?$/i.test(answer.trim())) {
    io.out(`Not committed. The preview stays as import ${staged.id}; read the file again to import it.`);
    return;
  }
  const committed = await commitImport(deps, staged.id, (fraction) => io.progress(`Committing ${Math.floor(fraction * 100)} %`));
  io.progress('Committing 100 %');
  io.out('');
  io.out(`Committed: import ${committed.id}. Undo with: npm run admin -- import:undo ${committed.id}`);
  io.out(`Report: ${deps.config.publicUrl}/admin/imports/${committed.id}/report (or npm run admin -- import:report ${committed.id})`);
}

function printPreview(deps: ImportDeps, summary: ImportSummary, io: CliIo) {
  for (const [key, label] of countLabels) io.out(`  ${label}: ${summary.counts[key] ?? 0}`);
  for (const warning of summary.warnings) io.out(`Warning: ${warning}`);
  const rejected = stagedSample(deps.db, summary.id, 'rejected', 10);
  if (rejected.length > 0) {
    io.out('First rejected lines:');
    for (const row of rejected) io.out(`  line ${row.line ?? '?'}${row.field ? ` (${row.field})` : ''}: ${row.reason}`);
  }
}

function listAll(deps: ImportDeps, io: CliIo) {
  const imports = listImports(deps.db);
  if (imports.length === 0) io.out('No import yet.');
  for (const summary of imports) {
    io.out(`${summary.id}  ${summary.status.padEnd(9)}  ${(summary.committedAt ?? summary.createdAt).slice(0, 16)}  `
      + `new ${summary.counts.new ?? 0}, updated ${summary.counts.updated ?? 0}, rejected ${summary.counts.rejected ?? 0}  ${summary.fileName}`);
  }
}
