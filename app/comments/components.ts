// The thread of a subject on its page: comments and their replies, with the forms to answer, edit, delete
// and report. Every form posts and comes back (303) to the page, at the comment (#comment-<id>): no
// JavaScript needed; the forms under a comment open with <details>.
import { formatDate } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, FormErrorSummary, type FieldErrors, type PageContext } from '../web/layout.ts';
import { ReportForm } from '../moderation/components.ts';
import { PlainText } from './plain-text.ts';
import { reportedBy } from '../moderation/storage.ts';
import { readThread } from './actions.ts';
import { maxCommentLength, subjectKey, type CommentView, type SubjectRef } from './model.ts';

/**
 * The comments of a subject as the viewer may read them. `back` is the page it is shown on, where every
 * form comes back to. Embed it only on the page of a subject the viewer may read.
 */
export function CommentThread({ ctx, deps, subject, back }: { ctx: PageContext; deps: Deps; subject: SubjectRef; back: string }) {
  const { t, viewer } = ctx;
  const thread = readThread(deps, viewer, subject);
  const reported = viewer ? reportedBy(deps.db, viewer.personId, 'comment', thread.comments.map((comment) => comment.id)) : new Set<string>();
  const shown = new Set(thread.comments.map((comment) => comment.id));
  const replies = new Map<string | null, CommentView[]>();
  for (const comment of thread.comments) {
    const parent = comment.parentId && shown.has(comment.parentId) ? comment.parentId : null;
    replies.set(parent, [...(replies.get(parent) ?? []), comment]);
  }
  const env: ThreadEnv = { ctx, subject, back, replies, reported };
  return html`<section class="comments" id="comments" data-subject=${subjectKey(subject)}>
    <h2>${t('comment.title', { count: thread.count })}</h2>
    ${thread.comments.length === 0 ? html`<p>${t('comment.none')}</p>` : html`<${Comments} env=${env} parentId=${null} />`}
    ${viewer
      ? html`<${CommentForm} ctx=${ctx} subject=${subject} back=${back} />`
      : html`<p><a href=${`/login?next=${encodeURIComponent(back)}`}>${t('comment.signIn')}</a></p>`}
  </section>`;
}

interface ThreadEnv {
  ctx: PageContext;
  subject: SubjectRef;
  back: string;
  replies: Map<string | null, CommentView[]>;
  reported: Set<string>;
}

function Comments({ env, parentId }: { env: ThreadEnv; parentId: string | null }) {
  const list = env.replies.get(parentId) ?? [];
  if (list.length === 0) return null;
  return html`<ol class="thread">${list.map((comment) => html`<${CommentItem} env=${env} comment=${comment} />`)}</ol>`;
}

function CommentItem({ env, comment }: { env: ThreadEnv; comment: CommentView }) {
  const { ctx } = env;
  const { t } = ctx;
  if (comment.state !== 'published') {
    return html`<li id=${`comment-${comment.id}`} class="comment removed" data-comment=${comment.id} data-state=${comment.state}>
      <p class="meta">${t(comment.state === 'hidden' ? 'comment.hidden' : 'comment.deleted')}</p>
      <${Comments} env=${env} parentId=${comment.id} />
    </li>`;
  }
  const author = comment.author!;
  return html`<li id=${`comment-${comment.id}`} class="comment" data-comment=${comment.id} data-state="published">
    <p class="meta">${author.name ? html`<a href=${`/e/${author.slug}`}>${author.name}</a>` : t('comment.formerAuthor')}
      ${' · '}<time datetime=${comment.createdAt}>${formatDate(ctx.locale, comment.createdAt, true, ctx.timezone)}</time>
      ${comment.edited ? html` · <span class="edited">${t('comment.edited')}</span>` : null}</p>
    <div class="comment-body"><${PlainText} text=${comment.body!} /></div>
    ${ctx.viewer ? html`<${CommentActions} env=${env} comment=${comment} />` : null}
    <${Comments} env=${env} parentId=${comment.id} />
  </li>`;
}

function CommentActions({ env, comment }: { env: ThreadEnv; comment: CommentView }) {
  const { ctx, subject, back } = env;
  const { t, viewer } = ctx;
  const mine = comment.author?.id === viewer?.personId;
  return html`<div class="comment-actions">
    <details class="reply"><summary>${t('comment.reply')}</summary>
      <${CommentForm} ctx=${ctx} subject=${subject} back=${back} parentId=${comment.id} /></details>
    ${mine ? html`<details class="edit"><summary>${t('comment.edit')}</summary>
        <${CommentForm} ctx=${ctx} back=${back} editing=${comment.id} value=${comment.body!} /></details>
      <form method="post" action=${`/comments/${comment.id}/delete`} class="inline"><${Csrf} ctx=${ctx} />
        <input type="hidden" name="back" value=${back} /><button class="secondary">${t('comment.delete')}</button></form>` : null}
    ${!mine && env.reported.has(comment.id) ? html`<span class="badge">${t('comment.reported')}</span>` : null}
    ${!mine && !env.reported.has(comment.id) ? html`<details class="report"><summary>${t('report.action')}</summary>
      <${ReportForm} ctx=${ctx} target=${{ type: 'comment', id: comment.id }} back=${back} /></details>` : null}
  </div>`;
}

/**
 * Writing a comment, a reply (`parentId`) or an edit (`editing`): one textarea, its limit, its error.
 * Also the whole form of the page shown when a comment sent without JavaScript needs fixing.
 */
export function CommentForm({ ctx, subject, back, parentId, editing, value, errors }: {
  ctx: PageContext; subject?: SubjectRef; back: string; parentId?: string; editing?: string; value?: string; errors?: FieldErrors;
}) {
  const { t } = ctx;
  const id = editing ? `comment-edit-${editing}` : parentId ? `comment-reply-${parentId}` : 'comment-new';
  const error = errors?.body ?? errors?.parentId;
  // The hint under the main form only (and on the page to fix a comment): the page repeats the small forms.
  const hinted = (!parentId && !editing) || errors !== undefined;
  const describedBy = [hinted ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return html`<form method="post" action=${editing ? `/comments/${editing}/edit` : '/comments'} class="stack comment-form">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    ${subject ? html`<input type="hidden" name="subject" value=${subjectKey(subject)} />` : null}
    ${parentId ? html`<input type="hidden" name="parentId" value=${parentId} />` : null}
    <input type="hidden" name="back" value=${back} />
    <div class=${error ? 'field invalid' : 'field'}>
      <label for=${id}>${t(editing ? 'comment.editLabel' : parentId ? 'comment.replyLabel' : 'comment.write')}</label>
      <textarea id=${id} name="body" rows=${parentId || editing ? 3 : 4} required maxlength=${maxCommentLength}
        aria-invalid=${error ? 'true' : undefined} aria-describedby=${describedBy}>${value ?? ''}</textarea>
      ${hinted ? html`<small id=${`${id}-hint`}>${t('comment.hint')}</small>` : null}
      ${error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : null}
    </div>
    <button>${t(editing ? 'form.save' : parentId ? 'comment.sendReply' : 'comment.send')}</button>
  </form>`;
}
