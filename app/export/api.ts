// Export endpoints: /api/v1/export/me, /api/v1/export/box, /api/v1/elements/:id/export.
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { boxExportLines, exportElement, exportMyData } from './export.ts';

export function exportApi(deps: Deps, dbPath: string) {
  const api = new Hono<AppEnv>();
  api.get('/export/me', (c) => {
    c.header('Content-Disposition', 'attachment; filename="my-copi-data.json"');
    return c.json(exportMyData(deps, c.get('viewer')));
  });
  api.get('/elements/:id/export', (c) => c.json(exportElement(deps, c.get('viewer'), c.req.param('id'))));
  api.get('/export/box', (c) => {
    const lines = boxExportLines(deps, c.get('viewer'), dbPath);
    const first = lines.next(); // runs the permission check before any byte is sent
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Content-Disposition', 'attachment; filename="copi-box.jsonl"');
    return stream(c, async (out) => {
      if (!first.done) await out.write(first.value);
      let batch = '';
      for (const line of lines) {
        batch += line;
        if (batch.length > 64 * 1024) {
          await out.write(batch);
          batch = '';
        }
      }
      if (batch) await out.write(batch);
    });
  });
  return api;
}
