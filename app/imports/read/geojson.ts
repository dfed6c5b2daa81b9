// GeoJSON FeatureCollections of any size, streamed feature by feature through stream-json: a file of
// hundreds of MB is never held whole. The top of the document is checked as its tokens pass, so a file
// that is not a collection fails before any feature is read.
import { pipeline, Transform, type Readable } from 'node:stream';
import { parserStream } from 'stream-json';
import { pick } from 'stream-json/filters/pick.js';
import { streamArray } from 'stream-json/streamers/stream-array.js';
import { AppError } from '../../core/errors.ts';
import type { ImportFile } from './file.ts';

/**
 * The JSON breaks after the collection began: a file copied only in part, or broken somewhere. The
 * features before were read (and yielded); each format says whether they are kept.
 */
export class BrokenJson extends Error {
  /** How many features were read before the break. */
  readonly read: number;
  /** The file ends in the middle of its JSON, rather than holding something that is not JSON. */
  readonly truncated: boolean;

  constructor(parserError: Error, read: number) {
    super(parserError.message);
    this.read = read;
    this.truncated = /has expected/.test(parserError.message);
  }
}

/**
 * The features of a FeatureCollection, in order (index from 0). Throws an AppError when the file is empty,
 * not JSON or not a FeatureCollection, and a BrokenJson when the JSON breaks after the collection began.
 */
export async function* readFeatures(stream: Readable, file: Pick<ImportFile, 'name' | 'bytes'>): AsyncIterable<{ index: number; feature: unknown }> {
  const collection = new CollectionCheck(file.name);
  // pipeline() ends every stage with the first error, so iterating the last one throws it (a stick pulled out, a cut file).
  const features: AsyncIterable<{ key: number; value: unknown }> = pipeline(stream, parserStream({ streamValues: false }), collection.transform(),
    pick.asStream({ filter: 'features' }), streamArray.asStream(), () => {});
  let read = 0;
  try {
    for await (const { key, value } of features) {
      read = key + 1;
      yield { index: key, feature: value };
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (collection.started) throw new BrokenJson(error as Error, read);
    if (file.bytes === 0) throw emptyFile(file.name);
    throw new AppError('validation', `${file.name} is not JSON: ${(error as Error).message}`);
  }
  collection.checkEnd();
}

const emptyFile = (name: string) => new AppError('validation', `${name} is empty: a GeoJSON FeatureCollection was expected`);

/** Watches the top of the document as tokens pass: an object whose "type" is FeatureCollection, with a "features" list. */
class CollectionCheck {
  started = false;
  private depth = 0;
  private pendingKey: string | null = null;
  private type: string | null = null;
  private hasFeatures = false;
  private readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  transform(): Transform {
    return new Transform({
      objectMode: true,
      transform: (token: { name: string; value?: unknown }, _encoding, done) => {
        try {
          this.see(token);
          done(null, token);
        } catch (error) {
          done(error as Error);
        }
      },
    });
  }

  private see(token: { name: string; value?: unknown }) {
    if (!this.started) {
      this.started = true;
      if (token.name !== 'startObject') throw this.notCollection(token.name === 'startArray' ? 'it is a JSON list' : 'it is a single JSON value');
    }
    if (this.depth === 1 && this.pendingKey !== null) {
      const key = this.pendingKey;
      this.pendingKey = null;
      if (key === 'type') {
        this.type = typeof token.value === 'string' ? token.value : null;
        if (this.type !== 'FeatureCollection') throw this.notCollection(`its type is ${this.type === null ? 'not a text' : `"${this.type}"`}`);
      }
      if (key === 'features') {
        if (token.name !== 'startArray') throw this.notCollection('its "features" is not a list');
        this.hasFeatures = true;
      }
    }
    if (token.name === 'startObject' || token.name === 'startArray') this.depth++;
    else if (token.name === 'endObject' || token.name === 'endArray') this.depth--;
    else if (token.name === 'keyValue' && this.depth === 1) this.pendingKey = String(token.value);
  }

  /** After the last token: a document with neither the type nor a list of features is not a collection. */
  checkEnd() {
    if (!this.started) throw emptyFile(this.name);
    if (!this.hasFeatures) throw this.notCollection(this.type ? 'it has no "features" list' : 'it has no "type": "FeatureCollection" and no "features"');
  }

  private notCollection(why: string) {
    return new AppError('validation', `${this.name} is not a GeoJSON FeatureCollection: ${why}`);
  }
}
