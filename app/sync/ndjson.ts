// NDJSON in and out, streamed: a line at a time, whatever the size of the whole.

/** One line read: its parsed value, or why it could not be read. */
export type Line = { value: unknown } | { error: string };

/**
 * The lines of a byte stream, parsed as they arrive. A line longer than `maxLineBytes` ends the reading
 * with an error line (a peer answering garbage must not make the box hold it whole).
 */
export async function* readLines(stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, maxLineBytes = 256 * 1024): AsyncGenerator<Line> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    pending += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim()) yield parseLine(line);
    }
    if (pending.length > maxLineBytes) {
      yield { error: `a line is longer than ${maxLineBytes} bytes` };
      return;
    }
  }
  pending += decoder.decode();
  if (pending.trim()) yield parseLine(pending);
}

function parseLine(line: string): Line {
  try {
    return { value: JSON.parse(line) };
  } catch {
    return { error: 'not JSON' };
  }
}

/** A byte stream of NDJSON from a generator of values, pulled as the reader asks (a slow reader slows it). */
export function ndjsonStream(values: Iterator<unknown>, linesPerChunk = 50): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      let text = '';
      for (let i = 0; i < linesPerChunk; i++) {
        const next = values.next();
        if (next.done) {
          if (text) controller.enqueue(encoder.encode(text));
          controller.close();
          return;
        }
        text += `${JSON.stringify(next.value)}\n`;
      }
      controller.enqueue(encoder.encode(text));
    },
    cancel() {
      values.return?.(undefined);
    },
  });
}
