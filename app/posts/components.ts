// Pieces of pages that show posts: a post, a list of them, the post form, and an element's wall.
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html, type VNode } from '../web/html.ts';
import { Csrf, FormErrorSummary, type FieldErrors, type PageContext } from '../web/layout.ts';
import { kindLabel, typeLabel } from '../elements/components.ts';
import type { Element } from '../elements/model.ts';
import { maxPostFiles, maxPostLength, type PostView, type PreviewCard } from './model.ts';
import type { FormValues } from './form.ts';
import { postingOn, wallPosts } from './actions.ts';
import { boxZoneChoices, defaultZones, zoneNames, type ZoneChoice } from './zones.ts';
import { mediaFileUrl, thumbnailUrl } from '../media/store.ts';
import { CommentThread } from '../comments/components.ts';
import { commentCounts } from '../comments/actions.ts';

/** Posts a wall shows at first; "more" pages through the rest. */
export const wallPageSize = 10;


/**
 * What shows under a post: on its own page the comment thread and the report form; in a list (a wall, a
 * feed) a link to its comments with their count, and to the report form.
 */
export function postExtras(ctx: PageContext, deps: Deps, post: PostView, where: 'list' | 'page'): VNode | null {
  const back = `/posts/${post.id}`;
  const report = ctx.viewer && ctx.viewer.personId !== post.author?.id
    ? html`<a class="report-link" href=${`/report?target=post:${post.id}&back=${encodeURIComponent(back)}`}>${ctx.t('report.action')}</a>` : null;
  if (where === 'page') {
    return html`<div class="post-extras">${report}<${CommentThread} ctx=${ctx} deps=${deps} subject=${{ type: 'post', id: post.id }} back=${back} /></div>`;
  }
  const count = commentCounts(deps, 'post', [post.id]).get(post.id) ?? 0;
  return html`<p class="post-extras"><a href=${`${back}#comments`}>${ctx.t('comment.title', { count })}</a>${report ? ' · ' : null}${report}</p>`;
}

/** Who signs a post: the element it is signed as, else its author (or "someone" when the viewer may not see them). */
function Signature({ ctx, post }: { ctx: PageContext; post: PostView }) {
  const signer = post.signedAs ?? post.author;
  return signer
    ? html`<a class="post-author" href=${`/e/${signer.slug}`}><strong>${signer.name}</strong></a>`
    : html`<strong class="post-author">${ctx.t('post.someone')}</strong>`;
}

function Preview({ ctx, card }: { ctx: PageContext; card: PreviewCard }) {
  return html`<li class="card preview" data-preview=${card.slug}>
    <a href=${`/e/${card.slug}`}><strong>${card.name}</strong></a>
    <span class="badge">${card.kind ? kindLabel(ctx, card.kind) : typeLabel(ctx, card.type)}</span>
    ${card.nextDate ? html`<div class="when">${formatDate(ctx.locale, card.nextDate, !card.allDay, ctx.timezone)}</div>` : null}
    ${card.shortDescription ? html`<p>${card.shortDescription}</p>` : null}
    ${card.commune ? html`<small>${card.commune}</small>` : null}
  </li>`;
}

function Files({ post }: { post: PostView }) {
  if (post.files.length === 0) return null;
  const images = post.files.filter((file) => file.kind === 'image');
  const documents = post.files.filter((file) => file.kind === 'document');
  return html`<div class="post-files">
    ${images.length ? html`<ul class="post-images">${images.map((file) => html`<li><a href=${mediaFileUrl(file)}>
      <img src=${thumbnailUrl(file)} alt=${file.name} loading="lazy" /></a></li>`)}</ul>` : null}
    ${documents.length ? html`<ul class="post-documents">${documents.map((file) => html`<li><a href=${mediaFileUrl(file)} download=${file.name}>${file.name}</a></li>`)}</ul>` : null}
  </div>`;
}

export function PostCard({ ctx, deps, post, zones, showWall = true, where = 'list' }: {
  ctx: PageContext; deps: Deps; post: PostView; zones: Map<string, string>; showWall?: boolean; where?: 'list' | 'page';
}) {
  const { t } = ctx;
  const signer = post.signedAs ?? post.author;
  const onOtherWall = showWall && signer?.id !== post.wall.id && post.wall.type !== 'person';
  // Tags typed in the text are links in it already; the others are listed under it.
  const otherTags = post.tags.filter((tag) => !post.html.includes(`/live?tag=${encodeURIComponent(tag)}"`));
  return html`<article class="post" id=${`post-${post.id}`} data-post=${post.id} data-audience=${post.audience}>
    <header class="post-meta">
      <${Signature} ctx=${ctx} post=${post} />
      ${onOtherWall ? html` ${t('post.onWall')} <a href=${`/e/${post.wall.slug}`}>${post.wall.name}</a>` : null}
      ${' · '}<a href=${`/posts/${post.id}`}><time datetime=${post.createdAt}>${formatDate(ctx.locale, post.createdAt, true, ctx.timezone)}</time></a>
      ${post.audience !== 'public' ? html` <span class="badge private">${t(`post.audience.${post.audience}` as MessageKey)}</span>` : null}
      ${post.updatedAt !== post.createdAt ? html` <small>${t('post.edited')}</small>` : null}
    </header>
    <div class="prose" dangerouslySetInnerHTML=${{ __html: post.html }} />
    <${Files} post=${post} />
    ${post.previews.length ? html`<ul class="cards previews">${post.previews.map((card) => html`<${Preview} ctx=${ctx} card=${card} />`)}</ul>` : null}
    <footer class="post-footer">
      ${otherTags.length ? html`<span class="tags">${otherTags.map((tag) => html`<a href=${`/live?tag=${encodeURIComponent(tag)}`}>#${tag}</a> `)}</span>` : null}
      ${post.zones.length ? html`<small class="post-zones">${t('post.zonesShort', { zones: post.zones.map((zone) => zones.get(zone) ?? zone).join(', ') })}</small>` : null}
      ${post.canEdit ? html` <a href=${`/posts/${post.id}/edit`}>${t('element.edit')}</a>` : null}
      ${post.canRemove ? html` <form method="post" action=${`/posts/${post.id}/delete`} class="inline">
        <${Csrf} ctx=${ctx} /><button class="link">${post.canEdit ? t('element.delete') : t('post.remove')}</button></form>` : null}
    </footer>
    ${postExtras(ctx, deps, post, where)}
  </article>`;
}

/** Posts in a list, with the names of the zones they speak to read once for all of them. */
export function PostList({ ctx, deps, posts, showWall = true, empty }: {
  ctx: PageContext; deps: Deps; posts: PostView[]; showWall?: boolean; empty?: string;
}) {
  if (posts.length === 0) return html`<p class="empty">${empty ?? ctx.t('post.none')}</p>`;
  const zones = zoneNames(deps.db, [...new Set(posts.flatMap((post) => post.zones))]);
  return html`<div class="posts">${posts.map((post) => html`<${PostCard} ctx=${ctx} deps=${deps} post=${post} zones=${zones} showWall=${showWall} />`)}</div>`;
}

/** Zone checkboxes of a public post: the box's zones, the chosen (or default) ones checked. */
function ZoneChoices({ ctx, choices, chosen }: { ctx: PageContext; choices: ZoneChoice[]; chosen: Set<string> }) {
  const { t } = ctx;
  return html`<details class="post-zones-choice" open=${chosen.size > 1 || undefined}>
    <summary>${t('post.zones')}</summary>
    <p><small>${t('post.zonesHint')}</small></p>
    ${(['dep', 'epci', 'custom', 'commune'] as const).map((level) => {
      const zones = choices.filter((zone) => zone.level === level);
      return zones.length ? html`<fieldset><legend>${t(`zone.level.${level}`)}</legend>
        ${zones.map((zone) => html`<label class="check"><input type="checkbox" name=${`zone:${zone.id}`} checked=${chosen.has(zone.id)} /> ${zone.name}</label>`)}
      </fieldset>` : null;
    })}
  </details>`;
}

/** The form to write (or edit) a post; `wall` given for a new post. Works without JavaScript; mentions.js suggests @names. */
export function PostForm({ ctx, deps, action, values, errors, wall, asElement, isEdit = false }: {
  ctx: PageContext; deps: Deps; action: string; values: FormValues; errors?: FieldErrors; wall: Element;
  asElement: boolean; isEdit?: boolean;
}) {
  const { t } = ctx;
  const choices = boxZoneChoices(deps.db);
  const fallback = defaultZones(deps.db, wall);
  for (const zone of fallback) if (!choices.some((choice) => choice.id === zone)) choices.push({ id: zone, name: zone, level: 'commune' });
  const chosen = new Set(values.zones ? values.zones.split(',').filter(Boolean) : fallback);
  const bodyError = errors?.body;
  const audience = values.audience || 'public';
  const audienceLabel = (value: string) => t(`post.audienceChoice.${value}${wall.type === 'person' && value !== 'public' ? 'Person' : ''}` as MessageKey);
  // A new post may carry files: the form is multipart (app/posts/upload.ts); an edit changes the text only.
  return html`<form method="post" action=${action} class="stack post-form" enctype=${isEdit ? undefined : 'multipart/form-data'}>
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <div class=${bodyError ? 'field invalid' : 'field'}>
      <label for="f-body">${isEdit ? t('post.text') : t('post.write')} *</label>
      <textarea id="f-body" name="body" rows="5" required maxlength=${maxPostLength} data-mentions="/api/v1/mentions"
        aria-invalid=${bodyError ? 'true' : undefined} aria-describedby=${bodyError ? 'f-body-error f-body-hint' : 'f-body-hint'}>${values.body ?? ''}</textarea>
      <small id="f-body-hint">${t('post.bodyHint')}</small>
      ${bodyError ? html`<p class="error" id="f-body-error">${bodyError}</p>` : null}
    </div>
    <div class=${errors?.tags ? 'field invalid' : 'field'}>
      <label for="f-tags">${t('post.tags')}</label>
      <input id="f-tags" name="tags" value=${values.tags ?? ''} aria-describedby="f-tags-hint" />
      <small id="f-tags-hint">${t('post.tagsHint')}</small>
      ${errors?.tags ? html`<p class="error">${errors.tags}</p>` : null}
    </div>
    <fieldset class=${errors?.audience ? 'field invalid' : 'field'}><legend>${t('post.audience')}</legend>
      ${['public', 'members', 'private'].map((value) => html`<label class="check"><input type="radio" name="audience" value=${value} checked=${audience === value} /> ${audienceLabel(value)}</label>`)}
    </fieldset>
    <${ZoneChoices} ctx=${ctx} choices=${choices} chosen=${chosen} />
    ${errors?.zones ? html`<p class="error">${errors.zones}</p>` : null}
    ${asElement && !isEdit ? html`<label class="check"><input type="checkbox" name="asElement" checked=${values.asElement === 'on'} /> ${t('post.asElement', { name: wall.name })}</label>` : null}
    ${isEdit ? null : html`<div class=${errors?.files ? 'field invalid' : 'field'}>
      <label for="f-files">${t('post.files', { count: maxPostFiles })}</label>
      <input id="f-files" type="file" name="files" multiple accept="image/*,.pdf,.odt,.ods,.odp,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt"
        aria-invalid=${errors?.files ? 'true' : undefined} aria-describedby=${errors?.files ? 'f-files-error' : undefined} />
      ${errors?.files ? html`<p class="error" id="f-files-error">${errors.files}</p>` : null}
    </div>`}
    <button>${isEdit ? t('form.save') : t('post.publish')}</button>
  </form>
  <script defer src="/assets/mentions.js"></script>`;
}

/** An element's wall on its page: the post form for those who may post, then the latest posts. */
export function Wall({ ctx, deps, element }: { ctx: PageContext; deps: Deps; element: Element }) {
  const { t, viewer } = ctx;
  const posting = postingOn(deps, viewer, element);
  const page = wallPosts(deps, viewer, element.id, undefined, wallPageSize);
  if (!posting.may && page.items.length === 0) return null;
  return html`<section class="wall" id="wall" aria-labelledby="wall-title">
    <h2 id="wall-title">${t('post.wall')}</h2>
    ${posting.may ? html`<${PostForm} ctx=${ctx} deps=${deps} action=${`/e/${element.slug}/posts`} values=${{}} wall=${element} asElement=${posting.asElement} />` : null}
    <${PostList} ctx=${ctx} deps=${deps} posts=${page.items} showWall=${false} />
    <p>${page.nextCursor ? html`<a rel="next" href=${`/e/${element.slug}/posts?cursor=${page.nextCursor}`}>${t('post.older')}</a> · ` : null}
      ${element.visibility === 'public' ? html`<a href=${`/e/${element.slug}/posts.atom`} type="application/atom+xml">${t('feed.atom')}</a>` : null}</p>
  </section>`;
}

/** The <link> of a wall's Atom feed, for the element page's head (public elements only: the feed is anonymous). */
export function WallFeedLink({ ctx, element }: { ctx: PageContext; element: Element }) {
  return element.visibility === 'public'
    ? html`<link rel="alternate" type="application/atom+xml" title=${ctx.t('post.wallFeedTitle', { name: element.name })} href=${`/e/${element.slug}/posts.atom`} />`
    : null;
}
