// The reading half of a staging, in a thread of its own: the file's bytes decoded, parsed and turned into
// items by its format, posted in batches to the staging thread, which checks them and writes them. The two
// halves then run at once, on two cores (of the Pi's four) instead of one after the other. The thread
// stays a few batches ahead at most: it waits for the staging to take one before it reads on.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../core/errors.ts';
import { loadFormat } from '../formats/load.ts';
import type { ImportItem } from '../model.ts';
import { openImportStream } from './file.ts';
import { EncodingTally } from './text.ts';
import { batchItems, batchesAhead, type ReadMessage, type ReadTask } from './off-thread.ts';

async function read(task: ReadTask, post: (message: ReadMessage) => Promise<void>) {
  const format = await loadFormat(task.formatId);
  if (format.kind === 'file') throw new Error(`${format.id} files are staged by their format, not read into items`);
  const { stream, progress } = openImportStream(task.file);
  const warnings: string[] = [];
  const tally = new EncodingTally();
  let batch: ImportItem[] = [];
  for await (const item of format.read({ file: task.file, stream, tally, options: task.options, warn: (message) => warnings.push(message) })) {
    batch.push(item);
    if (batch.length < batchItems) continue;
    await post({ type: 'items', items: batch, read: progress.read });
    batch = [];
  }
  if (batch.length > 0) await post({ type: 'items', items: batch, read: progress.read });
  if (tally.mixedWarning) warnings.push(tally.mixedWarning);
  await post({ type: 'end', warnings, read: progress.read, sha256: progress.sha256 });
}

if (parentPort) {
  const port = parentPort;
  let credits = batchesAhead;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credits++;
    wake?.();
    wake = null;
  });
  const post = async (message: ReadMessage) => {
    while (message.type === 'items' && credits === 0) await new Promise<void>((resolve) => { wake = resolve; });
    if (message.type === 'items') credits--;
    port.postMessage(message);
  };
  read(workerData as ReadTask, post).catch((error: unknown) => {
    if (!(error instanceof AppError)) console.error('Reading the file failed:', error);
    port.postMessage({
      type: 'error', code: error instanceof AppError ? error.code : null, message: (error as Error).message ?? String(error),
      ...(error instanceof AppError && error.field ? { field: error.field } : {}),
    } satisfies ReadMessage);
  });
}
