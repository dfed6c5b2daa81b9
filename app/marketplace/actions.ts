// What people do with classified ads, beyond what every element allows (app/elements/actions.ts creates, edits
// and deletes them): an ad is public or for the box's members only, never private; its admins (its author, or
// the admins of the organization publishing it) mark it sold or closed, reopen it and renew it.
import { transaction } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import { fieldError } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { asSeenBy, createElement, updateElement } from '../elements/actions.ts';
import type { Element } from '../elements/model.ts';
import { findElement, findElementBySlug, setClosed } from '../elements/storage.ts';
import { findMediaFile, type MediaFile } from '../media/store.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { listAds, adPhotoIds } from './storage.ts';
import { maxAdPhotos, renewDays, type AdListQuery } from './model.ts';

const adNotFound = () => notFound('Ad');

/** Publishes an ad: an element of type 'classified', public or for members of the box only. */
export function createAd(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): Element {
  signedIn(viewer);
  const fields = input && typeof input === 'object' ? { ...(input as Record<string, unknown>) } : {};
  if ('type' in fields && fields.type !== 'classified') throw fieldError('type', 'The marketplace only publishes classified ads');
  checkAdVisibility(fields.visibility);
  return createElement(deps, viewer, { ...fields, type: 'classified' }, locale);
}

/** Edits an ad (the element rules, plus the ad's own visibility rule). */
export function updateAd(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Element {
  const fields = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  checkAdVisibility(fields.visibility);
  if (findElement(deps.db, id)?.type !== 'classified') throw adNotFound();
  return updateElement(deps, viewer, id, fields, locale);
}

function checkAdVisibility(visibility: unknown) {
  if (visibility !== undefined && visibility !== 'public' && visibility !== 'members') {
    throw fieldError('visibility', 'An ad is public or for the members of the box only');
  }
}

/** The ad as this viewer may see it (its admins see it expired too), or null. */
export function readAd(deps: Deps, viewer: Viewer | null, idOrSlug: string): Element | null {
  const found = findElementBySlug(deps.db, idOrSlug) ?? findElement(deps.db, idOrSlug);
  if (!found || found.type !== 'classified') return null;
  return asSeenBy(deps, viewer, found);
}

export interface AdState {
  isAdmin: boolean;
  expired: boolean;
  closed: boolean;
}

export function adState(deps: Deps, viewer: Viewer | null, ad: Element): AdState {
  return {
    isAdmin: accessTo(deps.db, viewer, ad.id).isAdmin,
    expired: ad.expiresAt !== null && Date.parse(ad.expiresAt) <= nowMs(),
    closed: ad.closedAt !== null,
  };
}

/** An ad its viewer administers, or the reason they may not touch it. */
function administeredAd(deps: Deps, viewer: Viewer, id: string): Element {
  const ad = findElement(deps.db, id);
  const access = accessTo(deps.db, viewer, id);
  if (!ad || ad.type !== 'classified' || !access.canSee) throw adNotFound();
  if (!access.isAdmin) throw forbidden('Only the author of this ad can change it');
  return ad;
}

/** Marks an ad sold / closed (closed = true) or open again. */
export function closeAd(deps: Deps, viewer: Viewer | null, id: string, closed: boolean): Element {
  const admin = signedIn(viewer);
  return transaction(deps.db, () => {
    const ad = administeredAd(deps, admin, id);
    if ((ad.closedAt !== null) !== closed) setClosed(deps.db, ad.id, closed);
    return findElement(deps.db, ad.id)!;
  });
}

/** Gives an ad `renewDays` more days, from its expiry or from now if it already expired. */
export function renewAd(deps: Deps, viewer: Viewer | null, id: string, locale: Locale = 'en'): Element {
  const admin = signedIn(viewer);
  const ad = administeredAd(deps, admin, id);
  const from = Math.max(nowMs(), ad.expiresAt ? Date.parse(ad.expiresAt) : 0);
  return updateElement(deps, admin, ad.id, { expiresAt: new Date(from + renewDays * 86_400_000).toISOString() }, locale);
}

/** The marketplace's list for this viewer. */
export const findAds = (deps: Deps, viewer: Viewer | null, query: AdListQuery) => listAds(deps.db, viewer, query);

/** An ad's photos (pass an ad the viewer may see: its files follow its rule). */
export const adPhotos = (deps: Deps, ad: Pick<Element, 'id'>): MediaFile[] =>
  adPhotoIds(deps.db, ad.id, maxAdPhotos).map((id) => findMediaFile(deps.db, id)).filter((file): file is MediaFile => file !== null);
