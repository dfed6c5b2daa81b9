// Comment forms without JavaScript: each posts here and goes back (303) to the page it came from, at the
// comment. A comment that needs fixing comes back on a page of its own, its text kept, its error next to it.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type FieldErrors } from '../web/layout.ts';
import { formErrors, pageContext, safeNext, sendPage } from '../web/page.ts';
import { addComment, deleteComment, editComment, readableComment } from './actions.ts';
import { CommentForm } from './components.ts';
import { subjectRefSchema, type SubjectRef } from './model.ts';
import { commentUrl } from './subjects.ts';

/** Back to the page the form was on, at this anchor. */
const backTo = (back: string | undefined, anchor: string) => `${safeNext(back)}#${anchor}`;

const toLoginFrom = (c: Ctx, back: string | undefined) => c.redirect(`/login?next=${encodeURIComponent(safeNext(back))}`, 303);

export function commentsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.post('/comments', async (c) => {
    const { subject: key, back, ...input } = await readForm(c);
    if (!c.get('viewer')) return toLoginFrom(c, back);
    const subject = parse(subjectRefSchema, key ?? '', c.get('locale'));
    try {
      const comment = addComment(deps, c.get('viewer'), subject, input, c.get('locale'));
      return c.redirect(backTo(back, `comment-${comment.id}`), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, fixPage(deps, c, { subject, parentId: input.parentId, back, value: input.body, errors }), 422);
    }
  });

  pages.post('/comments/:id/edit', async (c) => {
    const { back, ...input } = await readForm(c);
    if (!c.get('viewer')) return toLoginFrom(c, back);
    const id = c.req.param('id');
    try {
      editComment(deps, c.get('viewer'), id, input, c.get('locale'));
      return c.redirect(backTo(back, `comment-${id}`), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, fixPage(deps, c, { editing: id, back, value: input.body, errors }), 422);
    }
  });

  pages.post('/comments/:id/delete', async (c) => {
    const { back } = await readForm(c);
    if (!c.get('viewer')) return toLoginFrom(c, back);
    deleteComment(deps, c.get('viewer'), c.req.param('id'));
    return c.redirect(backTo(back, 'comments'), 303);
  });

  /** A comment's lasting address (notifications may use it): its place in its thread. */
  pages.get('/comments/:id', (c) => {
    const found = readableComment(deps, c.get('viewer'), c.req.param('id'));
    if (!found) throw notFound('Comment');
    return c.redirect(commentUrl(found.subject, found.comment.id), 303);
  });

  return pages;
}

function fixPage(deps: Deps, c: Ctx, form: {
  subject?: SubjectRef; parentId?: string; editing?: string; back: string | undefined; value: string | undefined; errors: FieldErrors;
}) {
  const ctx = pageContext(deps, c);
  const back = safeNext(form.back);
  const title = ctx.t(form.editing ? 'comment.editTitle' : 'comment.formTitle');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`${back}#comments`}>${ctx.t('comment.back')}</a></p>
    <h1>${title}</h1>
    <${CommentForm} ctx=${ctx} subject=${form.subject} parentId=${form.parentId || undefined} editing=${form.editing} back=${back}
      value=${form.value} errors=${form.errors} />
  <//>`;
}
