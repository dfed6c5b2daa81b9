// Post pages: writing on a wall, a wall's older posts, one post's page, editing and removing a post.
// Every flow works without JavaScript (forms post and redirect 303).
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type FieldErrors } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { accessTo } from '../permissions/visibility.ts';
import { findElement, findElementBySlug } from '../elements/storage.ts';
import type { Element } from '../elements/model.ts';
import { createPost, deletePost, postingOn, readPost, updatePost, wallPosts } from './actions.ts';
import { PostCard, PostForm, PostList, WallFeedLink } from './components.ts';
import { keptValues, postInput, type FormValues } from './form.ts';
import { isPostUpload, postWithFiles } from './upload.ts';
import { marksOf, plainTitle } from './text.ts';
import { zoneNames } from './zones.ts';
import type { PostView } from './model.ts';

const cursorQuery = z.object({ cursor: z.string().max(200).optional() }).strict();
const pageSize = 20;

export function postsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.post('/e/:slug/posts', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const wall = visibleWall(deps, c);
    let form: FormValues;
    let failure: unknown;
    if (isPostUpload(c.req.path, c.req.header('content-type'))) {
      const sent = await postWithFiles(deps, c, wall);
      if (sent.post) return c.redirect(`/e/${wall.slug}#post-${sent.post.id}`, 303);
      ({ form, error: failure } = sent);
    } else {
      form = await readForm(c);
      try {
        const post = createPost(deps, c.get('viewer'), wall.id, postInput(form, wall), c.get('locale'));
        return c.redirect(`/e/${wall.slug}#post-${post.id}`, 303);
      } catch (error) {
        failure = error;
      }
    }
    const errors = formErrors(failure, c.get('locale'));
    if (!errors || (failure instanceof AppError && failure.code === 'forbidden' && !failure.field)) throw failure;
    const status = failure instanceof AppError && [403, 413, 415].includes(failure.status) ? failure.status as 403 | 413 | 415 : 422;
    return sendPage(c, newPostPage(deps, c, wall, keptValues(form), { ...errors, files: errors.files ?? errors.file }), status);
  });

  pages.get('/e/:slug/posts/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, newPostPage(deps, c, visibleWall(deps, c), {}));
  });

  pages.get('/e/:slug/posts', (c) => {
    const wall = visibleWall(deps, c);
    const { cursor } = parse(cursorQuery, c.req.query(), c.get('locale'));
    const page = wallPosts(deps, c.get('viewer'), wall.id, cursor, pageSize);
    const ctx = pageContext(deps, c);
    const title = ctx.t('post.wallOf', { name: wall.name });
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${title} head=${html`<${WallFeedLink} ctx=${ctx} element=${wall} />`}>
      <p class="crumbs"><a href=${`/e/${wall.slug}`}>${wall.name}</a></p>
      <h1>${title}</h1>
      <${PostList} ctx=${ctx} deps=${deps} posts=${page.items} showWall=${false} />
      ${page.nextCursor ? html`<p><a rel="next" href=${`/e/${wall.slug}/posts?cursor=${page.nextCursor}`}>${ctx.t('post.older')}</a></p>` : null}
    <//>`);
  });

  pages.get('/posts/:id', (c) => {
    const post = visiblePost(deps, c);
    const ctx = pageContext(deps, c);
    const title = plainTitle(post.body) || ctx.t('post.title');
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${title}>
      <p class="crumbs"><a href=${`/e/${post.wall.slug}`}>${post.wall.name}</a></p>
      <${PostCard} ctx=${ctx} deps=${deps} post=${post} zones=${zoneNames(deps.db, post.zones)} where="page" />
    <//>`);
  });

  pages.get('/posts/:id/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const post = visiblePost(deps, c);
    if (!post.canEdit) throw forbidden('Only its author can edit a post');
    return sendPage(c, editPage(deps, c, post, editValues(post)));
  });

  pages.post('/posts/:id/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const post = visiblePost(deps, c);
    const form = await readForm(c);
    try {
      updatePost(deps, c.get('viewer'), post.id, postInput(form), c.get('locale'));
      return c.redirect(`/posts/${post.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, editPage(deps, c, post, keptValues(form), errors), (error as { status?: number }).status === 403 ? 403 : 422);
    }
  });

  pages.post('/posts/:id/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    const post = deletePost(deps, c.get('viewer'), c.req.param('id'));
    const wall = findElement(deps.db, post.wallId);
    return c.redirect(wall ? `/e/${wall.slug}#wall` : '/', 303);
  });

  return pages;
}

/** The element of the URL's slug, if the viewer may see it. */
export function visibleWall(deps: Deps, c: Ctx): Element {
  const wall = findElementBySlug(deps.db, c.req.param('slug') ?? '');
  if (!wall || !accessTo(deps.db, c.get('viewer'), wall.id).canSee) throw notFound('Element');
  return wall;
}

function visiblePost(deps: Deps, c: Ctx): PostView {
  const post = readPost(deps, c.get('viewer'), c.req.param('id') ?? '');
  if (!post) throw notFound('Post');
  return post;
}

function editValues(post: PostView): FormValues {
  const textTags = marksOf(post.body).tags;
  return {
    body: post.body, audience: post.audience, zones: post.zones.join(','),
    tags: post.tags.filter((tag) => !textTags.includes(tag)).join(', '),
  };
}

function newPostPage(deps: Deps, c: Ctx, wall: Element, values: FormValues, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const posting = postingOn(deps, ctx.viewer, wall);
  const title = ctx.t('post.new', { name: wall.name });
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${wall.slug}`}>${wall.name}</a></p>
    <h1>${title}</h1>
    ${posting.may
      ? html`<${PostForm} ctx=${ctx} deps=${deps} action=${`/e/${wall.slug}/posts`} values=${values} errors=${errors} wall=${wall} asElement=${posting.asElement} />`
      : html`<p>${ctx.t('post.cannotPost')}</p>`}
  <//>`;
}

function editPage(deps: Deps, c: Ctx, post: PostView, values: FormValues, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const wall = findElement(deps.db, post.wallId);
  if (!wall) throw notFound('Post');
  const title = ctx.t('post.editTitle');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${wall.slug}`}>${wall.name}</a> › <a href=${`/posts/${post.id}`}>${plainTitle(post.body, 40)}</a></p>
    <h1>${title}</h1>
    <${PostForm} ctx=${ctx} deps=${deps} action=${`/posts/${post.id}/edit`} values=${values} errors=${errors} wall=${wall} asElement=${false} isEdit=${true} />
  <//>`;
}
