// Applies the numbered SQL files in ./migrations in order, each in its own transaction,
// recording progress in PRAGMA user_version. A database newer than this code is refused.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.ts';

const migrationsDir = join(import.meta.dirname, 'migrations');

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file, index) => {
      const version = Number(file.slice(0, 4));
      if (version !== index + 1) throw new Error(`Migration ${file} is out of sequence (expected ${index + 1})`);
      return { version, name: file, sql: readFileSync(join(dir, file), 'utf8') };
    });
}

export class DatabaseTooNewError extends Error {}

export function migrate(db: Db, migrations = loadMigrations()): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  if (current > latest) {
    throw new DatabaseTooNewError(
      `This database is at schema version ${current}, but this CoPi only knows versions up to ${latest}. ` +
        'It was written by a newer CoPi: install that version again (the database was not changed).',
    );
  }
  for (const migration of migrations.slice(current)) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return latest;
}
