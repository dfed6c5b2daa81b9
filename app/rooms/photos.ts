// Photos of a room: images of its place's media library, chosen or uploaded by the place's admins. An
// upload goes into the place's library, in a folder named after the room ("Salles/Grande salle").
import { transaction } from '../core/db/database.ts';
import { forbidden, notFound } from '../core/errors.ts';
import type { Ctx } from '../core/http/env.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale, Translate } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { uploadFiles } from '../media/api.ts';
import { maxRoomPhotos, roomPhotosSchema, type MediaFile } from '../media/model.ts';
import { addRoomPhotoRow, countRoomPhotos, coverPhotos, fileReadable, findMediaFile, latestImages, photosOfRoom, setRoomPhotoRows } from '../media/storage.ts';
import { mediaFileUrl, thumbnailUrl } from '../media/store.ts';
import { readRoom, type RoomView } from './actions.ts';

export { photosOfRoom, coverPhotos };

/** Images of the place a room's photos are chosen from, newest first. */
// Room photos show to whoever sees the room: only images anyone may read are offered (not those of members-only posts).
export const placeImages = (deps: Deps, placeId: string): MediaFile[] => latestImages(deps.db, null, placeId, 200);

/** "Grande salle, photo 2": the alt text of a room's photo. */
export const photoAlt = (t: Translate, roomName: string, position: number) => t('media.roomPhotoAlt', { room: roomName, position });

/** A room's photos as the API shows them. */
export const photosJson = (t: Translate, roomName: string, photos: MediaFile[]) =>
  photos.map((photo, i) => ({ id: photo.id, url: mediaFileUrl(photo), thumbnailUrl: thumbnailUrl(photo), alt: photoAlt(t, roomName, i + 1), width: photo.width, height: photo.height }));

function managedRoom(deps: Deps, viewer: Viewer, roomId: string): RoomView {
  const view = readRoom(deps, viewer, roomId);
  if (!view) throw notFound('Room');
  if (!view.isPlaceAdmin) throw forbidden('Only the admins of the place can manage its rooms');
  return view;
}

const tooManyPhotos = () => fieldError('mediaIds', 'A room has at most 12 photos');

/** The place's admins choose the room's photos, in order, among the images of the place. */
export function setRoomPhotos(deps: Deps, viewer: Viewer | null, roomId: string, input: unknown, locale: Locale = 'en'): MediaFile[] {
  const admin = signedIn(viewer);
  const { mediaIds } = parse(roomPhotosSchema, input, locale);
  return transaction(deps.db, () => {
    const { room } = managedRoom(deps, admin, roomId);
    for (const id of mediaIds) {
      const file = findMediaFile(deps.db, id);
      if (!file || file.elementId !== room.placeId || file.kind !== 'image' || !fileReadable(deps.db, null, file.id)) throw fieldError('mediaIds', 'Only images of the place can be room photos');
    }
    setRoomPhotoRows(deps.db, room.id, mediaIds);
    return photosOfRoom(deps.db, room.id);
  });
}

/** Images uploaded for a room: saved in the place's library, in the room's folder, and added to its photos. */
export async function uploadRoomPhotos(deps: Deps, c: Ctx, roomId: string, options: { csrf?: string } = {}): Promise<MediaFile[]> {
  const admin = signedIn(c.get('viewer'));
  const { room, place } = managedRoom(deps, admin, roomId);
  const folder = `${c.get('t')('media.roomsFolder')}/${room.name}`;
  return uploadFiles(deps, c, place.id, {
    csrf: options.csrf,
    folder: () => folder,
    beforeEach: () => {
      if (countRoomPhotos(deps.db, room.id) >= maxRoomPhotos) throw tooManyPhotos();
    },
    imagesOnly: true,
    afterEach: (file) => {
      transaction(deps.db, () => addRoomPhotoRow(deps.db, room.id, file.id));
    },
  });
}
