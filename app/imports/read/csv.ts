// CSV files of any origin, streamed through csv-parse: the delimiter is found from the header line, values
// are decoded one by one (see text.ts), a line with the wrong number of values is reported rather than
// guessed at, and a file cut short (inside a quoted value) stops with a clear message, keeping what came before.
import { parse, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { AppError } from '../../core/errors.ts';
import { EncodingTally } from './text.ts';

export type CsvItem =
  | { line: number; values: Record<string, string> }
  | { line: number; problem: string; field?: string; truncated?: true };

export interface CsvHeader {
  /** Column names as written in the file, trimmed. */
  columns: string[];
  delimiter: string;
}

const candidates = [';', ',', '\t', '|'];

/** The delimiter that splits the header line into the most columns (quoted parts ignored). */
export function detectDelimiter(headerLine: string): string {
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = 0;
  for (const candidate of candidates) {
    const count = unquoted.split(candidate).length - 1;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

/** The bytes of a stream with its first line read ahead (and a UTF-8 BOM dropped). */
async function withHead(stream: Readable): Promise<{ head: Buffer; rest: Readable }> {
  const iterator = stream[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let done = false;
  while (!done && !head.includes(0x0a) && head.length < 1024 * 1024) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head = Buffer.concat([head, next.value as Buffer]);
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  async function* all() {
    yield head;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value as Buffer;
  }
  return { head, rest: Readable.from(all(), { objectMode: false }) };
}

/**
 * The rows of a CSV stream keyed by lower-case column names. `onHeader` sees the header first and may
 * throw (a file without the columns its format needs); it may return the (lower-case) columns the format
 * reads, and only those are decoded into the rows (the register has 39 columns, its importer reads 14).
 * The tally records which encodings were met.
 */
export async function* readCsv(
  stream: Readable, tally: EncodingTally, onHeader: (header: CsvHeader) => readonly string[] | void,
): AsyncGenerator<CsvItem> {
  const { head, rest } = await withHead(stream);
  const firstLine = head.subarray(0, head.includes(0x0a) ? head.indexOf(0x0a) : head.length);
  const delimiter = detectDelimiter(tally.decode(firstLine, 1));
  const parser = parse({
    delimiter, encoding: 'latin1', info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, trim: false,
  });
  // pipe() does not pass errors on: a file that fails half-way must end the parse with its own error.
  rest.on('error', (error) => parser.destroy(error));
  rest.pipe(parser);
  let keys: string[] | null = null;
  let read: number[] = [];
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (!keys) {
        const columns = record.map((raw) => tally.decodeRaw(raw, line).trim());
        const wanted = onHeader({ columns, delimiter });
        keys = columns.map((column) => column.toLowerCase());
        read = keys.flatMap((key, i) => (!wanted || wanted.includes(key) ? [i] : []));
        continue;
      }
      lastLine = line;
      if (record.length === 1 && record[0].length === 0) continue;
      if (record.length !== keys.length) {
        yield { line, problem: `This line has ${record.length} values where the header has ${keys.length} columns` };
        continue;
      }
      const values: Record<string, string> = {};
      for (const i of read) values[keys[i]] = tally.decodeRaw(record[i], line).trim();
      yield { line, values };
    }
  } catch (error) {
    // The file could not be read (a stick pulled out): the whole import stops, nothing of it is kept.
    if (error instanceof AppError) throw error;
    yield { line: lastLine + 1, problem: csvProblem(error as CsvError), truncated: true };
  }
  if (!keys) onHeader({ columns: [], delimiter });
}

function csvProblem(error: CsvError): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return 'The file ends inside a quoted value: it looks truncated (copied only in part?); the lines before were read';
  }
  return `The CSV could not be read further: ${error.message}`;
}
