// Receiving records from a peer (pulled, pushed or carried on a stick): each checked as PROTOCOL.md's
// "Accepting a record" says, a batch applied in one transaction with the cursors it moves.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { withBulkIndexing } from '../search/bulk.ts';
import { checkEnvelope, RecordError, type CheckedRecord } from './records.ts';
import { deleteCard, forgetCardsOf, writeCard } from './cards.ts';
import {
  advanceCursor, findOrigin, findPeer, forgetOriginRecords, heldRecord, isRetiredEpoch, resetCursorsOf, retireEpoch, saveOrigin, saveRecord,
  type Peer,
} from './storage.ts';

export interface BatchResult {
  accepted: number;
  /** Already held, superseded (by a record or by the card's tombstone) or of a retired epoch: nothing to do. */
  ignored: number;
  refused: { line: number; reason: string }[];
}

export const emptyResult = (): BatchResult => ({ accepted: 0, ignored: 0, refused: [] });

export function addResults(total: BatchResult, batch: BatchResult) {
  total.accepted += batch.accepted;
  total.ignored += batch.ignored;
  total.refused.push(...batch.refused.slice(0, Math.max(0, 100 - total.refused.length)));
}

/** For the log: "3 records (line 2: bad signature; …)", with the first three reasons (at most 100 are kept). */
export const describeRefusals = (refused: BatchResult['refused']) =>
  `${refused.length}${refused.length >= 100 ? '+' : ''} record${refused.length === 1 ? '' : 's'} (${refused.slice(0, 3).map((r) => `line ${r.line}: ${r.reason}`).join('; ')}${refused.length > 3 ? '; …' : ''})`;

/**
 * Lines received from a peer (a pull's answer, a push, a bundle), applied as they come, `size` to a
 * transaction; each refusal names the line of the stream it came from, whatever lines could not be read.
 */
export class LineBatches {
  readonly total: BatchResult;
  readonly #db: Db;
  readonly #ownBoxId: string;
  readonly #peerId: string;
  readonly #size: number;
  #batch: unknown[] = [];
  #firstLine = 0;

  constructor(db: Db, ownBoxId: string, peerId: string, size: number, total = emptyResult()) {
    this.#db = db;
    this.#ownBoxId = ownBoxId;
    this.#peerId = peerId;
    this.#size = size;
    this.total = total;
  }

  add(line: number, value: unknown) {
    if (this.#batch.length === 0) this.#firstLine = line;
    this.#batch.push(value);
    if (this.#batch.length >= this.#size) this.flush();
  }

  /** A line that could not be read at all (not JSON, too long). */
  refuse(line: number, reason: string) {
    this.flush();
    addResults(this.total, { accepted: 0, ignored: 0, refused: [{ line, reason }] });
  }

  flush() {
    if (this.#batch.length === 0) return;
    addResults(this.total, applyBatch(this.#db, this.#ownBoxId, this.#peerId, this.#batch, this.#firstLine));
    this.#batch = [];
  }
}

/**
 * Applies one batch of envelope lines received from `peerId`, all in one transaction. `lines` are parsed
 * JSON values (or the parse error's text), numbered from `firstLine` for the refusals.
 */
export function applyBatch(db: Db, ownBoxId: string, peerId: string, lines: unknown[], firstLine = 1): BatchResult {
  const result = emptyResult();
  transaction(db, () => withBulkIndexing(db, () => {
    const peer = findPeer(db, peerId);
    if (!peer) throw new RecordError(`${peerId} is not a peer of this box`);
    lines.forEach((line, index) => {
      try {
        const outcome = applyOne(db, ownBoxId, peer, checkEnvelope(line));
        if (outcome === 'accepted') result.accepted++;
        else result.ignored++;
      } catch (error) {
        if (!(error instanceof RecordError)) throw error;
        result.refused.push({ line: firstLine + index, reason: error.message });
      }
    });
  }));
  return result;
}

function applyOne(db: Db, ownBoxId: string, peer: Peer, { record, envelope }: CheckedRecord): 'accepted' | 'ignored' {
  if (record.origin === ownBoxId) return 'ignored';
  const origin = acceptableOrigin(db, peer, record.origin, record.key);
  if (isRetiredEpoch(db, record.origin, record.epoch)) return 'ignored';
  // Refused before anything is written: a refused record moves no cursor and starts no epoch.
  const owner = sql(db, 'SELECT origin_box FROM elements WHERE id = ?').pluck().get(record.id) as string | undefined;
  if (owner !== undefined && owner !== record.origin) throw new RecordError(`element ${record.id} belongs to another origin`);
  if (origin && origin.epoch !== record.epoch) startOriginOver(db, record.origin, origin.epoch);
  saveOrigin(db, {
    origin: record.origin, publicKey: record.key, epoch: record.epoch, name: origin?.name ?? (record.origin === peer.boxId ? peer.name : ''),
    trusted: origin?.trusted ?? record.origin === peer.boxId,
  });
  advanceCursor(db, peer.boxId, record.origin, record.epoch, record.seq);
  const held = heldRecord(db, record.origin, record.id);
  if (held && held.epoch === record.epoch && held.seq >= record.seq) return 'ignored';
  // The card's row remembers the seq of its last change, its deletion included, after the tombstone record
  // itself was collected: a straggler cannot bring a deleted card back.
  const card = sql(db, 'SELECT origin_seq FROM elements WHERE id = ?').get(record.id) as { origin_seq: number } | undefined;
  if (card && card.origin_seq >= record.seq) return 'ignored';
  saveRecord(db, record, { ...envelope, h: envelope.h + 1 }, peer.boxId);
  if (record.op === 'put') writeCard(db, record);
  else deleteCard(db, record);
  return 'accepted';
}

/** Step 4: the sender's own records, or another origin's through a peer trusted as relay. */
function acceptableOrigin(db: Db, peer: Peer, origin: string, key: string) {
  const known = findOrigin(db, origin);
  if (known && known.publicKey !== key) throw new RecordError('key does not match origin');
  if (origin === peer.boxId) return known;
  if (peer.acceptRelayed === 'all') return known;
  if (peer.acceptRelayed === 'trusted' && known?.trusted) return known;
  throw new RecordError(`unknown origin ${origin}: ${peer.name || peer.boxId} may not relay it here`);
}

/** A new epoch: the old one is retired, its cards and records leave, every cursor on that origin restarts. */
function startOriginOver(db: Db, origin: string, oldEpoch: string) {
  retireEpoch(db, origin, oldEpoch);
  forgetCardsOf(db, origin);
  forgetOriginRecords(db, origin);
  resetCursorsOf(db, origin);
}
