// Message pages: my conversations (unread first, in bold; then newest activity), a conversation with its
// answer form (opening it marks it read). Not behind a module's gate: ads, offers and one-pages all lead here.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { formatDate } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, FormErrorSummary, Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { pluralPath } from '../elements/components.ts';
import { conversationUrl, myConversations, openConversation, reply } from './actions.ts';
import { maxMessageLength, type ConversationSummary, type ConversationView } from './model.ts';

const listQuery = z.object({ page: z.coerce.number().int().min(0).max(100_000).default(0) }).strict();

export function messagesPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/messages', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { page } = parse(listQuery, c.req.query(), c.get('locale'));
    const list = myConversations(deps, c.get('viewer'), page);
    const ctx = pageContext(deps, c);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('messages.title')}>
      <h1>${ctx.t('messages.title')}</h1>
      ${list.items.length === 0 ? html`<p class="empty">${ctx.t('messages.empty')}</p>`
        : html`<ul class="conversations">${list.items.map((item) => html`<${ConversationItem} ctx=${ctx} item=${item} />`)}</ul>`}
      <p class="pager">${page > 0 ? html`<a rel="prev" href=${`?page=${page - 1}`}>${ctx.t('list.previous')}</a> ` : null}
        ${list.more ? html`<a rel="next" href=${`?page=${page + 1}`}>${ctx.t('list.more')}</a>` : null}</p>
    <//>`);
  });

  pages.get('/messages/:id', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const conversation = openConversation(deps, c.get('viewer'), c.req.param('id'));
    if (!conversation) throw notFound('Conversation');
    return sendPage(c, threadPage(pageContext(deps, c), conversation, {}));
  });

  pages.post('/messages/:id', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    const id = c.req.param('id');
    try {
      reply(deps, c.get('viewer'), id, form.body ?? '', c.get('locale'));
      return c.redirect(`${conversationUrl(id)}#last`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const conversation = openConversation(deps, c.get('viewer'), id);
      if (!conversation) throw notFound('Conversation');
      return sendPage(c, threadPage(pageContext(deps, c), conversation, errors, form.body), 422);
    }
  });

  return pages;
}

function ConversationItem({ ctx, item }: { ctx: PageContext; item: ConversationSummary }) {
  const excerpt = item.lastBody.length > 140 ? `${item.lastBody.slice(0, 140)}…` : item.lastBody;
  return html`<li class=${item.unread ? 'conversation unread' : 'conversation'}>
    <a href=${conversationUrl(item.id)}>${item.unread ? html`<strong>${item.title}</strong>` : item.title}</a>
    ${item.unread ? html` <span class="badge">${ctx.t('messages.unread')}</span>` : null}
    <div><small>${item.with.length ? ctx.t('messages.with', { names: item.with.join(', ') }) : null}
      · <time datetime=${item.updatedAt}>${formatDate(ctx.locale, item.updatedAt, true, ctx.timezone)}</time></small></div>
    <p class="excerpt">${excerpt}</p>
  </li>`;
}

function threadPage(ctx: PageContext, conversation: ConversationView, errors: FieldErrors, draft = '') {
  const { t } = ctx;
  const subject = conversation.subject;
  return html`<${Layout} ctx=${ctx} title=${conversation.title}>
    <p class="crumbs"><a href="/messages">${t('messages.title')}</a></p>
    <h1>${conversation.title}</h1>
    ${subject ? html`<p>${t('messages.about')} <a href=${subject.type === 'classified' || subject.type === 'aid' ? `/${pluralPath[subject.type]}/${subject.slug}` : `/e/${subject.slug}`}>${subject.name}</a></p>` : null}
    <p><small>${t('messages.members', { names: conversation.members.map((member) => member.name).join(', ') })}</small></p>
    <ol class="messages">
      ${conversation.messages.map((message, index) => html`<li class="message" id=${index === conversation.messages.length - 1 ? 'last' : undefined}>
        <div class="meta"><strong>${message.author
          ? (ctx.viewer?.personId === message.author.id ? t('messages.you') : html`<a href=${`/e/${message.author.slug}`}>${message.author.name}</a>`)
          : t('messages.visitor', { name: message.authorName })}</strong>
          · <time datetime=${message.createdAt}>${formatDate(ctx.locale, message.createdAt, true, ctx.timezone)}</time></div>
        ${!message.author && message.replyTo ? html`<p class="reply-to">${t('messages.replyTo', { contact: message.replyTo })}</p>` : null}
        <p class="body">${message.body}</p>
      </li>`)}
    </ol>
    <form method="post" action=${conversationUrl(conversation.id)} class="stack">
      <${Csrf} ctx=${ctx} />
      <${FormErrorSummary} errors=${errors} ctx=${ctx} />
      <div class=${errors.body ? 'field invalid' : 'field'}>
        <label for="f-body">${t('messages.answer')}</label>
        <textarea id="f-body" name="body" rows="4" required maxlength=${maxMessageLength}
          aria-invalid=${errors.body ? 'true' : undefined}>${draft}</textarea>
        ${errors.body ? html`<p class="error">${errors.body}</p>` : null}
      </div>
      <button type="submit">${t('messages.send')}</button>
    </form>
  <//>`;
}
