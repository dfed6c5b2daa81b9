// SQL for media files, useful links and room photos. No permission decisions here.
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { uuidv7 } from '../core/ids.ts';
import { mediaFileVisibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import type { MediaFile, MediaKind, UsefulLink, UsefulLinkInput } from './model.ts';

interface MediaRow {
  id: string; element_id: string; folder: string; name: string; mime: string; kind: MediaKind; bytes: number;
  width: number | null; height: number | null; sha256: string; uploaded_by: string | null; created_at: string;
}

const rowToFile = (row: MediaRow): MediaFile => ({
  id: row.id, elementId: row.element_id, folder: row.folder, name: row.name, mime: row.mime, kind: row.kind, bytes: row.bytes,
  width: row.width, height: row.height, sha256: row.sha256, uploadedBy: row.uploaded_by, createdAt: row.created_at,
});

/** A file by its id, whoever may see it (check with accessTo on its element). */
export function findMediaFile(db: Db, id: string): MediaFile | null {
  const row = sql(db, 'SELECT * FROM media_files WHERE id = ?').get(id) as MediaRow | undefined;
  return row ? rowToFile(row) : null;
}

export type NewMediaFile = Omit<MediaFile, 'createdAt'>;

export function insertMediaFile(db: Db, file: NewMediaFile) {
  sql(db, `INSERT INTO media_files (id, element_id, folder, name, mime, kind, bytes, width, height, sha256, uploaded_by, created_at)
    VALUES (:id, :element_id, :folder, :name, :mime, :kind, :bytes, :width, :height, :sha256, :uploaded_by, :now)`).run({
    id: file.id, element_id: file.elementId, folder: file.folder, name: file.name, mime: file.mime, kind: file.kind, bytes: file.bytes,
    width: file.width, height: file.height, sha256: file.sha256, uploaded_by: file.uploadedBy, now: nowIso(),
  });
}

// The element's own rule is checked by the caller (accessTo); these add the rule of files attached to posts.

/** Files of one folder of an element's library that the viewer may read, by name. */
export function filesInFolder(db: Db, viewer: Viewer | null, elementId: string, folder: string): MediaFile[] {
  return (sql(db, `SELECT * FROM media_files f WHERE element_id = :element_id AND folder = :folder AND ${mediaFileVisibleSql('f', viewer)}
    ORDER BY name, id`).all({ ...viewerParams(viewer), element_id: elementId, folder }) as MediaRow[]).map(rowToFile);
}

/** Whether the viewer may read this file as far as the posts it is attached to go. */
export function fileReadable(db: Db, viewer: Viewer | null, id: string): boolean {
  return sql(db, `SELECT 1 FROM media_files f WHERE id = :id AND ${mediaFileVisibleSql('f', viewer)}`).get({ ...viewerParams(viewer), id }) !== undefined;
}

/** Every folder holding files (and the folders above them), with how many files each holds directly. */
export function foldersOf(db: Db, viewer: Viewer | null, elementId: string): { folder: string; files: number }[] {
  return sql(db, `SELECT folder, count(*) AS files FROM media_files f WHERE element_id = :element_id AND ${mediaFileVisibleSql('f', viewer)}
    GROUP BY folder ORDER BY folder`).all({ ...viewerParams(viewer), element_id: elementId }) as { folder: string; files: number }[];
}

/** The newest images of an element, for its page. */
export function latestImages(db: Db, viewer: Viewer | null, elementId: string, limit: number): MediaFile[] {
  return (sql(db, `SELECT * FROM media_files f WHERE element_id = :element_id AND kind = 'image' AND ${mediaFileVisibleSql('f', viewer)}
    ORDER BY created_at DESC, id DESC LIMIT :limit`).all({ ...viewerParams(viewer), element_id: elementId, limit }) as MediaRow[]).map(rowToFile);
}

export function countFiles(db: Db, viewer: Viewer | null, elementId: string): number {
  return (sql(db, `SELECT count(*) AS n FROM media_files f WHERE element_id = :element_id AND ${mediaFileVisibleSql('f', viewer)}`)
    .get({ ...viewerParams(viewer), element_id: elementId }) as { n: number }).n;
}

/** Bytes of every file of the box: what the quota counts. */
export function usedBytes(db: Db): number {
  return (sql(db, 'SELECT coalesce(sum(bytes), 0) AS used FROM media_files').get() as { used: number }).used;
}

export function moveMediaFile(db: Db, id: string, folder: string) {
  sql(db, 'UPDATE media_files SET folder = ? WHERE id = ?').run(folder, id);
}

export function deleteMediaRow(db: Db, id: string) {
  sql(db, 'DELETE FROM media_files WHERE id = ?').run(id);
}

/** Deletes the files of an element (and its useful links); returns the ids whose bytes are to be removed. */
export function deleteMediaOfElement(db: Db, elementId: string): string[] {
  const ids = (sql(db, 'SELECT id FROM media_files WHERE element_id = ?').all(elementId) as { id: string }[]).map((row) => row.id);
  sql(db, 'DELETE FROM media_files WHERE element_id = ?').run(elementId);
  sql(db, 'DELETE FROM useful_links WHERE element_id = ?').run(elementId);
  return ids;
}

interface LinkRow {
  id: string; element_id: string; url: string; title: string; description: string; created_by: string | null; created_at: string; updated_at: string;
}

const rowToLink = (row: LinkRow): UsefulLink => ({
  id: row.id, elementId: row.element_id, url: row.url, title: row.title, description: row.description, createdBy: row.created_by,
  createdAt: row.created_at, updatedAt: row.updated_at,
});

export function usefulLinksOf(db: Db, elementId: string): UsefulLink[] {
  return (sql(db, 'SELECT * FROM useful_links WHERE element_id = ? ORDER BY created_at, id').all(elementId) as LinkRow[]).map(rowToLink);
}

export function findUsefulLink(db: Db, id: string): UsefulLink | null {
  const row = sql(db, 'SELECT * FROM useful_links WHERE id = ?').get(id) as LinkRow | undefined;
  return row ? rowToLink(row) : null;
}

export function insertUsefulLink(db: Db, elementId: string, link: UsefulLinkInput, createdBy: string): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, `INSERT INTO useful_links (id, element_id, url, title, description, created_by, created_at, updated_at)
    VALUES (:id, :element_id, :url, :title, :description, :created_by, :now, :now)`).run({
    id, element_id: elementId, url: link.url, title: link.title, description: link.description, created_by: createdBy, now,
  });
  return id;
}

export function updateUsefulLinkRow(db: Db, id: string, link: UsefulLinkInput) {
  sql(db, 'UPDATE useful_links SET url = :url, title = :title, description = :description, updated_at = :now WHERE id = :id')
    .run({ id, url: link.url, title: link.title, description: link.description, now: nowIso() });
}

export function deleteUsefulLinkRow(db: Db, id: string) {
  sql(db, 'DELETE FROM useful_links WHERE id = ?').run(id);
}

/** The photos of a room, in their order. */
export function photosOfRoom(db: Db, roomId: string): MediaFile[] {
  return (sql(db, `SELECT m.* FROM room_photos p JOIN media_files m ON m.id = p.media_id WHERE p.room_id = ? ORDER BY p.position, m.id`)
    .all(roomId) as MediaRow[]).map(rowToFile);
}

/** The first photo of each of these rooms, for lists. */
export function coverPhotos(db: Db, roomIds: string[]): Map<string, MediaFile> {
  const covers = new Map<string, MediaFile>();
  for (const roomId of roomIds) {
    const row = sql(db, `SELECT m.* FROM room_photos p JOIN media_files m ON m.id = p.media_id WHERE p.room_id = ? ORDER BY p.position, m.id LIMIT 1`)
      .get(roomId) as MediaRow | undefined;
    if (row) covers.set(roomId, rowToFile(row));
  }
  return covers;
}

export function setRoomPhotoRows(db: Db, roomId: string, mediaIds: string[]) {
  sql(db, 'DELETE FROM room_photos WHERE room_id = ?').run(roomId);
  const insert = sql(db, 'INSERT INTO room_photos (room_id, media_id, position) VALUES (?, ?, ?)');
  [...new Set(mediaIds)].forEach((mediaId, position) => insert.run(roomId, mediaId, position));
}

export function addRoomPhotoRow(db: Db, roomId: string, mediaId: string) {
  const next = (sql(db, 'SELECT coalesce(max(position) + 1, 0) AS next FROM room_photos WHERE room_id = ?').get(roomId) as { next: number }).next;
  sql(db, 'INSERT OR IGNORE INTO room_photos (room_id, media_id, position) VALUES (?, ?, ?)').run(roomId, mediaId, next);
}

export const countRoomPhotos = (db: Db, roomId: string) =>
  (sql(db, 'SELECT count(*) AS n FROM room_photos WHERE room_id = ?').get(roomId) as { n: number }).n;

/** Deletes the files attached to this post and to no other; returns their ids (bytes to remove after commit). */
export function deleteFilesOnlyOf(db: Db, postId: string): string[] {
  const ids = (sql(db, `SELECT pf.file_id AS id FROM post_files pf WHERE pf.post_id = ?
    AND NOT EXISTS (SELECT 1 FROM post_files other WHERE other.file_id = pf.file_id AND other.post_id != pf.post_id)`).all(postId) as { id: string }[])
    .map((row) => row.id);
  for (const id of ids) deleteMediaRow(db, id);
  return ids;
}
