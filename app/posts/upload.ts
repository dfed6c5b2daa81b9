// Writing a post with pictures and documents from the page's form (multipart): the text is checked before
// a byte of a file is stored; each file goes through the media library's checks (type from the content,
// images re-encoded without their metadata) into the wall's folder "Posts"; if the post is then refused,
// the files saved for it are deleted again. The box's 1 MB body limit does not apply to this request
// (app.ts): the upload reader counts it against the media library's own limit.
import type { Ctx } from '../core/http/env.ts';
import { forbidden } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import type { Element } from '../elements/model.ts';
import { saveMediaFile, type MediaFile } from '../media/store.ts';
import { deleteMedia } from '../media/actions.ts';
import { readUpload } from '../media/upload.ts';
import { createPost, postingOn } from './actions.ts';
import { postInput } from './form.ts';
import { maxPostFiles, newPostSchema, postFilesFolder, type Post } from './model.ts';

/** The request app.ts lets through its body limit: a post form sent with its files. */
export const isPostUpload = (path: string, contentType: string | undefined) =>
  /^\/e\/[^/]+\/posts$/.test(path) && (contentType ?? '').startsWith('multipart/form-data');

export interface PostUpload {
  form: Record<string, string>;
  post: Post | null;
  error: unknown;
}

/** Reads the form and its files, then writes the post; on failure, returns the error with the fields sent. */
export async function postWithFiles(deps: Deps, c: Ctx, wall: Element): Promise<PostUpload> {
  const viewer = signedIn(c.get('viewer'));
  if (!postingOn(deps, viewer, wall).may) throw forbidden('Only the members of this element can post on its wall');
  const saved: MediaFile[] = [];
  let form: Record<string, string> = {};
  try {
    form = await readUpload(c, deps.config, {
      csrf: c.get('csrf'),
      async onFile(fields, file) {
        form = fields;
        if (saved.length === 0) parse(newPostSchema, postInput(fields, wall), c.get('locale'));
        if (saved.length >= maxPostFiles) throw fieldError('files', 'At most 4 files per post');
        saved.push(await saveMediaFile(deps, viewer, { elementId: wall.id, folder: postFilesFolder, name: file.name, source: file.stream }));
      },
    });
    const post = createPost(deps, viewer, wall.id, postInput(form, wall, saved.map((file) => file.id)), c.get('locale'));
    return { form, post, error: null };
  } catch (error) {
    removeSaved(deps, viewer, saved);
    return { form, post: null, error };
  }
}

function removeSaved(deps: Deps, viewer: Viewer, files: MediaFile[]) {
  for (const file of files) {
    try {
      deleteMedia(deps, viewer, file.id);
    } catch (error) {
      console.error(`A file saved for a refused post could not be deleted (${file.id}):`, error);
    }
  }
}
