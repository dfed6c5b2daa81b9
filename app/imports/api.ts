// The imports API, for box admins: start an import (an upload, or a file on a stick), follow it, read its
// rows, commit, undo or discard it, and list the files on the sticks. Staging and commits answer 202 at
// once and run in a job process (jobs.ts); GET /imports/:id tells how far they are.
import { Hono } from 'hono';
import { rmSync } from 'node:fs';
import { z } from 'zod';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { signedIn } from '../permissions/visibility.ts';
import { checkImportFile } from './read/file.ts';
import { discardImport, importJobs, type ImportJobs } from './jobs.ts';
import type { ImportSummary } from './model.ts';
import { importReport } from './report.ts';
import { importChoicesSchema, importOptionsSchema, stageTaskOf, type ImportChoices } from './start.ts';
import { findImport, listImports, stagedSample, type RowAction } from './storage.ts';
import { receiveUpload } from './upload.ts';
import { importableFiles, pickStickFile } from './usb.ts';

export const stickImportSchema = importChoicesSchema.extend({
  stick: z.string().min(1).max(200),
  path: z.string().min(1).max(1000),
}).strict();

export const rowsQuerySchema = z.object({
  action: z.enum(['new', 'update', 'unchanged', 'rejected', 'vanished']).default('new'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** Box admins only: 401 for a visitor, 403 for a member. */
export function requireImportAdmin(c: Ctx) {
  const viewer = signedIn(c.get('viewer'));
  if (!viewer.isBoxAdmin) throw forbidden('Only a box admin can import files');
  return viewer;
}

/** An import as the API shows it: its summary, the running job's step, the last commit's failure. */
export function importState(jobs: ImportJobs, summary: ImportSummary) {
  return { ...summary, running: jobs.progressOf(summary.id), commitError: jobs.failureOf(summary.id) };
}

export function importsApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  const jobs = importJobs(deps);
  const found = (id: string) => findImport(deps.db, id) ?? (() => { throw notFound('Import'); })();

  api.post('/imports', async (c) => {
    const viewer = requireImportAdmin(c);
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      const { fields, file } = await receiveUpload(c, deps.config);
      if (!file) throw new AppError('validation', 'Send a file (the "file" part, after the other fields)', 'file');
      try {
        const choices: ImportChoices = parse(importChoicesSchema, {
          format: fields.format || undefined, source: fields.source || undefined, licence: fields.licence || undefined,
          publishedOn: fields.publishedOn || undefined, options: fields.options ? parseOptions(fields.options) : undefined,
        }, c.get('locale'));
        const task = stageTaskOf(deps.db, { file, origin: 'upload', choices, createdBy: viewer.personId });
        const { id } = await jobs.stage(task, true);
        return c.json({ id }, 202);
      } catch (error) {
        rmSync(file.path, { force: true });
        throw error;
      }
    }
    const body = parse(stickImportSchema, await readJson(c), c.get('locale'));
    const pick = pickStickFile(deps.config.backup.usbDir, body.stick, body.path);
    // The format's own size limit is checked by the staging, which fails with the reason.
    const file = checkImportFile(pick.absolute, { root: pick.stick.path, name: pick.fileName, maxBytes: Number.MAX_SAFE_INTEGER });
    const task = stageTaskOf(deps.db, { file, origin: 'usb', choices: body, manifest: pick.manifest, createdBy: viewer.personId });
    const { id } = await jobs.stage(task);
    return c.json({ id }, 202);
  });

  api.get('/imports', (c) => {
    requireImportAdmin(c);
    return c.json({ items: listImports(deps.db).map((summary) => importState(jobs, summary)) });
  });

  api.get('/imports/sticks', (c) => {
    requireImportAdmin(c);
    return c.json({ sticks: importableFiles(deps.config.backup.usbDir) });
  });

  api.get('/imports/:id', (c) => {
    requireImportAdmin(c);
    return c.json(importState(jobs, found(c.req.param('id'))));
  });

  api.get('/imports/:id/rows', (c) => {
    requireImportAdmin(c);
    const summary = found(c.req.param('id'));
    const query = parse(rowsQuerySchema, c.req.query(), c.get('locale'));
    const items = stagedSample(deps.db, summary.id, query.action as RowAction, query.limit, query.offset).map((row) => ({
      line: row.line, key: row.sourceKey, action: row.action, elementId: row.elementId, payload: row.payload, conflicts: row.conflicts,
      field: row.field, reason: row.reason,
    }));
    return c.json({ items, offset: query.offset, limit: query.limit });
  });

  api.get('/imports/:id/report', (c) => {
    requireImportAdmin(c);
    const report = importReport(deps.db, c.req.param('id'));
    if (!report) throw notFound('Import');
    return c.json(report);
  });

  api.post('/imports/:id/commit', (c) => {
    requireImportAdmin(c);
    const summary = found(c.req.param('id'));
    void jobs.commit(summary.id).catch(() => undefined); // the failure is kept: GET shows it as commitError
    return c.json(importState(jobs, found(summary.id)), 202);
  });

  api.post('/imports/:id/undo', async (c) => {
    requireImportAdmin(c);
    const summary = found(c.req.param('id'));
    return c.json(await jobs.undo(summary.id));
  });

  api.post('/imports/:id/discard', (c) => {
    requireImportAdmin(c);
    return c.json(discardImport(deps.db, found(c.req.param('id')).id));
  });

  return api;
}

function parseOptions(text: string) {
  try {
    return parse(importOptionsSchema, JSON.parse(text));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('validation', 'options must be JSON, like {"mapping": {"Nom": "name"}, "type": "poi"}', 'options');
  }
}
