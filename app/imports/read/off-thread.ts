// Items of a file read by a thread of its own (read-thread.ts), for the staging to check and write meanwhile.
import { on } from 'node:events';
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode } from '../../core/errors.ts';
import type { FormatId, ImportItem, ImportOptions } from '../model.ts';
import type { ImportFile } from './file.ts';

export interface ReadTask {
  formatId: FormatId;
  file: ImportFile;
  options: ImportOptions;
}

/** How the reading ended: the format's warnings, and how much of the file was read (its hash once all was). */
export interface ReadEnd {
  warnings: string[];
  read: number;
  sha256: string | null;
}

export type ReadMessage =
  | { type: 'items'; items: ImportItem[]; read: number }
  | ({ type: 'end' } & ReadEnd)
  | { type: 'error'; code: ErrorCode | null; message: string; field?: string };

/** Items per message: fewer, larger messages cost less to pass between threads. */
export const batchItems = 500;
/** Batches the reading thread may post before the staging took them: its lead, bounded in memory. */
export const batchesAhead = 4;

const readThread = new URL('./read-thread.ts', import.meta.url);

/**
 * The file's items, a batch at a time, with the bytes read so far; `end` gets how the reading ended. A reading
 * that fails throws its AppError (a file that is not of its format, a stick pulled out) here.
 */
export async function* itemsReadOffThread(task: ReadTask, end: (result: ReadEnd) => void): AsyncGenerator<{ items: ImportItem[]; read: number }> {
  const worker = new Worker(readThread, { workerData: task });
  try {
    for await (const [message] of on(worker, 'message', { close: ['exit'] }) as AsyncIterable<[ReadMessage]>) {
      if (message.type === 'items') {
        yield message;
        worker.postMessage('more');
      } else if (message.type === 'end') {
        end(message);
        return;
      } else {
        throw message.code ? new AppError(message.code, message.message, message.field) : new Error(message.message);
      }
    }
    throw new Error('The thread reading the file stopped before its end');
  } finally {
    await worker.terminate();
  }
}
