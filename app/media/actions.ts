// What people do with a media library and its useful links, with the permission checks: whoever sees the
// element sees its files and links; its members add files; its admins and a file's uploader move or delete
// it; its admins manage the useful links. Saving a file's bytes is in ./store.ts.
import { transaction } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import type { Element } from '../elements/model.ts';
import { accessTo, signedIn, type Access, type Viewer } from '../permissions/visibility.ts';
import { moveSchema, usefulLinkPatchSchema, usefulLinkSchema, type MediaFile, type UsefulLink } from './model.ts';
import {
  deleteMediaRow, deleteUsefulLinkRow, fileReadable, filesInFolder, findMediaFile, findUsefulLink, foldersOf, insertUsefulLink, moveMediaFile,
  updateUsefulLinkRow, usefulLinksOf, usedBytes,
} from './storage.ts';
import { removeMediaBytes } from './store.ts';

export interface Library {
  element: Element;
  access: Access;
  folder: string;
  /** Every folder holding files, with the folders above them, and how many files each holds directly. */
  folders: { folder: string; files: number }[];
  files: MediaFile[];
}

function visibleElement(deps: Deps, viewer: Viewer | null, elementId: string): { element: Element; access: Access } {
  const element = findElement(deps.db, elementId);
  const access = accessTo(deps.db, viewer, elementId);
  if (!element || !access.canSee) throw notFound('Element');
  return { element, access };
}

/** One folder of an element's library, for whoever may see the element. */
export function readLibrary(deps: Deps, viewer: Viewer | null, elementId: string, folder: string): Library {
  const { element, access } = visibleElement(deps, viewer, elementId);
  return { element, access, folder, folders: withParents(foldersOf(deps.db, viewer, elementId)), files: filesInFolder(deps.db, viewer, elementId, folder) };
}

/** Folders exist while they hold files; a folder holding only folders is listed too. */
function withParents(folders: { folder: string; files: number }[]): { folder: string; files: number }[] {
  const all = new Map(folders.map((entry) => [entry.folder, entry.files]));
  for (const { folder } of folders) {
    const parts = folder.split('/');
    for (let i = 1; i < parts.length; i++) if (!all.has(parts.slice(0, i).join('/'))) all.set(parts.slice(0, i).join('/'), 0);
  }
  return [...all].filter(([folder]) => folder !== '').map(([folder, files]) => ({ folder, files })).sort((a, b) => a.folder.localeCompare(b.folder));
}

/** A file if this viewer may see its element (and one of the posts it is attached to, if any), else null. */
export function readMediaFile(deps: Deps, viewer: Viewer | null, id: string): MediaFile | null {
  const file = findMediaFile(deps.db, id);
  return file && accessTo(deps.db, viewer, file.elementId).canSee && fileReadable(deps.db, viewer, id) ? file : null;
}

function changeableFile(deps: Deps, viewer: Viewer, id: string, elementId?: string): MediaFile {
  const file = findMediaFile(deps.db, id);
  const access = file ? accessTo(deps.db, viewer, file.elementId) : null;
  if (!file || !access?.canSee || (elementId !== undefined && file.elementId !== elementId)) throw notFound('File');
  if (!access.isAdmin && file.uploadedBy !== viewer.personId) {
    throw forbidden('Only the admins of this element or the person who added a file can change it');
  }
  return file;
}

export function moveMedia(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en', elementId?: string): MediaFile {
  const person = signedIn(viewer);
  const { folder } = parse(moveSchema, input, locale);
  return transaction(deps.db, () => {
    const file = changeableFile(deps, person, id, elementId);
    moveMediaFile(deps.db, file.id, folder);
    return findMediaFile(deps.db, file.id)!;
  });
}

/** Deletes a file (its row, its place among room photos), then its bytes. */
export function deleteMedia(deps: Deps, viewer: Viewer | null, id: string, elementId?: string): MediaFile {
  const person = signedIn(viewer);
  const file = transaction(deps.db, () => {
    const found = changeableFile(deps, person, id, elementId);
    deleteMediaRow(deps.db, found.id);
    return found;
  });
  removeMediaBytes(deps.config, [file.id]);
  return file;
}

/** Storage used by all the files of the box, for box admins. */
export function storageUsage(deps: Deps, viewer: Viewer | null): { used: number; quota: number } {
  if (!signedIn(viewer).isBoxAdmin) throw forbidden('Only a box admin can see the storage used');
  return { used: usedBytes(deps.db), quota: deps.config.media.quota };
}

export function listUsefulLinks(deps: Deps, viewer: Viewer | null, elementId: string): UsefulLink[] {
  visibleElement(deps, viewer, elementId);
  return usefulLinksOf(deps.db, elementId);
}

function adminOf(deps: Deps, viewer: Viewer, elementId: string) {
  if (!visibleElement(deps, viewer, elementId).access.isAdmin) throw forbidden('Only the admins of this element can manage its useful links');
}

/** For the pages' forms: only the element's admins open them. */
export const checkLinkAdmin = (deps: Deps, viewer: Viewer | null, elementId: string) => adminOf(deps, signedIn(viewer), elementId);

export function editableUsefulLink(deps: Deps, viewer: Viewer | null, elementId: string, id: string): UsefulLink {
  checkLinkAdmin(deps, viewer, elementId);
  return linkOf(deps, elementId, id);
}

export function addUsefulLink(deps: Deps, viewer: Viewer | null, elementId: string, input: unknown, locale: Locale = 'en'): UsefulLink {
  const person = signedIn(viewer);
  const data = parse(usefulLinkSchema, input, locale);
  return transaction(deps.db, () => {
    adminOf(deps, person, elementId);
    return findUsefulLink(deps.db, insertUsefulLink(deps.db, elementId, data, person.personId))!;
  });
}

function linkOf(deps: Deps, elementId: string, id: string): UsefulLink {
  const link = findUsefulLink(deps.db, id);
  if (!link || link.elementId !== elementId) throw notFound('Useful link');
  return link;
}

export function updateUsefulLink(deps: Deps, viewer: Viewer | null, elementId: string, id: string, input: unknown, locale: Locale = 'en'): UsefulLink {
  const person = signedIn(viewer);
  const patch = parse(usefulLinkPatchSchema, input, locale);
  return transaction(deps.db, () => {
    adminOf(deps, person, elementId);
    const link = linkOf(deps, elementId, id);
    updateUsefulLinkRow(deps.db, id, { url: patch.url ?? link.url, title: patch.title ?? link.title, description: patch.description ?? link.description });
    return findUsefulLink(deps.db, id)!;
  });
}

export function deleteUsefulLink(deps: Deps, viewer: Viewer | null, elementId: string, id: string) {
  const person = signedIn(viewer);
  transaction(deps.db, () => {
    adminOf(deps, person, elementId);
    deleteUsefulLinkRow(deps.db, linkOf(deps, elementId, id).id);
  });
}
