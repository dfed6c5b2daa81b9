// An ad published with its photos in one form (multipart): the fields are checked and the ad written when the
// first photo arrives (or at the end, with none), each photo goes through the media library's checks into the
// ad's own library; if anything is then refused, the ad goes again with its photos: nothing is half-written.
// Photos added later on the ad's page go the same way. Like posts' and rooms' uploads, these requests are
// counted against the media library's limit, not the box's body limit (see isMarketUpload, for app.ts).
import type { Ctx } from '../core/http/env.ts';
import { fieldError } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { deleteElement } from '../elements/actions.ts';
import type { Element } from '../elements/model.ts';
import { saveMediaFile } from '../media/store.ts';
import { readUpload } from '../media/upload.ts';
import { signedIn } from '../permissions/visibility.ts';
import { createAd } from './actions.ts';
import { adPhotosFolder, maxAdPhotos } from './model.ts';
import { countAdPhotos } from './storage.ts';

/** The requests app.ts lets through its body limit: a new ad's form with its photos, photos added to an ad. */
export const isMarketUpload = (method: string, path: string, contentType: string | undefined) =>
  method === 'POST' && /^\/market\/(new|[^/]+\/photos)$/.test(path) && (contentType ?? '').startsWith('multipart/form-data');

const tooManyPhotos = () => fieldError('photos', 'An ad has at most 4 photos');

export interface AdUpload {
  form: Record<string, string>;
  ad: Element | null;
  error: unknown;
}

/** Reads the new ad's form and photos, then publishes it; on failure, the error with the fields sent. */
export async function publishWithPhotos(deps: Deps, c: Ctx, toInput: (form: Record<string, string>) => Record<string, unknown>): Promise<AdUpload> {
  const viewer = signedIn(c.get('viewer'));
  let form: Record<string, string> = {};
  let ad: Element | null = null;
  let photos = 0;
  try {
    form = await readUpload(c, deps.config, {
      csrf: c.get('csrf'),
      async onFile(fields, file) {
        form = fields;
        ad ??= createAd(deps, viewer, toInput(fields), c.get('locale'));
        if (photos >= maxAdPhotos) throw tooManyPhotos();
        await saveMediaFile(deps, viewer, { elementId: ad.id, folder: adPhotosFolder, name: file.name, source: file.stream, imagesOnly: true });
        photos++;
      },
    });
    ad ??= createAd(deps, viewer, toInput(form), c.get('locale'));
    return { form, ad, error: null };
  } catch (error) {
    if (ad) deleteElement(deps, viewer, (ad as Element).id);
    return { form, ad: null, error };
  }
}

/** Photos added to an existing ad by its admins, up to the limit. */
export async function addAdPhotos(deps: Deps, c: Ctx, ad: Element): Promise<void> {
  const viewer = signedIn(c.get('viewer'));
  let added = 0;
  await readUpload(c, deps.config, {
    csrf: c.get('csrf'),
    async onFile(_fields, file) {
      if (countAdPhotos(deps.db, ad.id) >= maxAdPhotos) throw tooManyPhotos();
      await saveMediaFile(deps, viewer, { elementId: ad.id, folder: adPhotosFolder, name: file.name, source: file.stream, imagesOnly: true });
      added++;
    },
  });
  if (added === 0) throw fieldError('photos', 'Choose a photo first');
}
