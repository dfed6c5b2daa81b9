// One-page sites: /p/new?element=<slug> and /p/:slug/edit (the form, for the element's admins), /p/:slug
// (the site: about, news, events, members, contact form, map; readable without JavaScript, light on a phone),
// POST /p/:slug/contact (its contact form). The layout and colour change only the CSS.
import { Hono } from 'hono';
import { AppError, notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import { renderMarkdown } from '../core/markdown.ts';
import type { Deps } from '../deps.ts';
import { html, renderDocument } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import type { Element } from '../elements/model.ts';
import { createSite, contactSite, editableSite, readSite, siteContent, siteOwner, updateSite, type SiteContent, type SiteView } from './actions.ts';
import { layouts, sectionNames, type OnePage } from './model.ts';

type Values = Record<string, string>;

const valuesOf = (page: OnePage): Values => ({
  slug: page.slug, layout: page.layout, colour: page.colour, published: page.published ? 'on' : '',
  ...Object.fromEntries(sectionNames.map((name) => [`section:${name}`, page.sections[name] ? 'on' : ''])),
});

/** The form's fields as the schema's input: every section checkbox says on or off. */
const inputOf = (fields: Values) => ({
  slug: fields.slug ?? '', layout: fields.layout || undefined, colour: fields.colour || undefined, published: fields.published ? 'on' : '',
  sections: Object.fromEntries(sectionNames.map((name) => [name, fields[`section:${name}`] ? 'on' : ''])),
});

export function onepagePages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/p/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = siteOwner(deps, c.get('viewer'), c.req.query('element') ?? '');
    const suggested = element.slug.slice(0, 60).replace(/-+$/, '');
    return sendPage(c, formPage(pageContext(deps, c), element, null, {
      slug: suggested, layout: 'classic', colour: '#1f6f50', published: 'on',
      ...Object.fromEntries(sectionNames.map((name) => [`section:${name}`, 'on'])),
    }));
  });

  pages.post('/p/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const elementSlug = c.req.query('element') ?? '';
    const element = siteOwner(deps, c.get('viewer'), elementSlug);
    const fields = await readForm(c);
    try {
      const page = createSite(deps, c.get('viewer'), elementSlug, inputOf(fields), c.get('locale'));
      return c.redirect(`/p/${page.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(pageContext(deps, c), element, null, fields, errors), 422);
    }
  });

  pages.get('/p/:slug', (c) => {
    const view = readSite(deps, c.get('viewer'), c.req.param('slug'));
    if (!view) throw notFound('Site');
    return c.html(renderDocument(sitePage(deps, pageContext(deps, c), view, siteContent(deps, view), c.req.query('sent') === '1')));
  });

  pages.get('/p/:slug/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = editableSite(deps, c.get('viewer'), c.req.param('slug'));
    return sendPage(c, formPage(pageContext(deps, c), view.element, view.page, valuesOf(view.page)));
  });

  pages.post('/p/:slug/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = editableSite(deps, c.get('viewer'), c.req.param('slug'));
    const fields = await readForm(c);
    try {
      const page = updateSite(deps, c.get('viewer'), view.page.slug, inputOf(fields), c.get('locale'));
      return c.redirect(`/p/${page.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(pageContext(deps, c), view.element, view.page, fields, errors), 422);
    }
  });

  pages.post('/p/:slug/contact', async (c) => {
    const slug = c.req.param('slug');
    const fields = await readForm(c);
    try {
      contactSite(deps, c.get('viewer'), slug, { authorName: fields.authorName, replyTo: fields.replyTo, body: fields.body }, c.get('locale'));
      return c.redirect(`/p/${slug}?sent=1#contact`, 303);
    } catch (error) {
      const errors = error instanceof AppError && error.code === 'not_found' ? null : formErrors(error, c.get('locale'));
      const view = readSite(deps, c.get('viewer'), slug);
      if (!errors || !view) throw error;
      const page = sitePage(deps, pageContext(deps, c), view, siteContent(deps, view), false, { values: fields, errors });
      return c.html(renderDocument(page), 422);
    }
  });

  return pages;
}

function formPage(ctx: PageContext, element: Element, page: OnePage | null, values: Values, errors?: FieldErrors) {
  const { t } = ctx;
  const title = page ? t('onepage.editTitle', { name: element.name }) : t('onepage.newTitle', { name: element.name });
  const action = page ? `/p/${page.slug}/edit` : `/p/new?element=${encodeURIComponent(element.slug)}`;
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${element.slug}`}>${element.name}</a>${page ? html` · <a href=${`/p/${page.slug}`}>${t('onepage.view')}</a>` : null}</p>
    <h1>${title}</h1>
    <p>${t('onepage.intro')}</p>
    <form method="post" action=${action} class="onepage-form">
      <${Csrf} ctx=${ctx} />
      <${FormErrorSummary} ctx=${ctx} errors=${errors} />
      <${Field} name="slug" label=${t('onepage.form.slug')} value=${values.slug} errors=${errors} required maxlength=${60} hint=${t('onepage.form.slugHint')} />
      <${Select} name="layout" label=${t('onepage.form.layout')} value=${values.layout} errors=${errors} required
        options=${layouts.map((layout) => [layout, t(`onepage.layout.${layout}` as MessageKey)])} />
      <${Field} name="colour" type="color" label=${t('onepage.form.colour')} value=${values.colour} errors=${errors} />
      <fieldset class="field">
        <legend>${t('onepage.form.sections')}</legend>
        ${sectionNames.map((name) => html`<label class="check"><input type="checkbox" name=${`section:${name}`} checked=${Boolean(values[`section:${name}`])} />
          ${' '}${t(`onepage.section.${name}` as MessageKey)}</label>`)}
      </fieldset>
      <label class="check"><input type="checkbox" name="published" checked=${Boolean(values.published)} /> ${t('onepage.form.published')}</label>
      <p><small>${t('onepage.form.publicHint')}</small></p>
      <button>${page ? t('onepage.form.save') : t('onepage.form.create')}</button>
    </form>
  <//>`;
}

function Section({ id, title, children }: { id: string; title: string; children: unknown }) {
  return html`<section class="site-section" id=${id}><h2>${title}</h2>${children}</section>`;
}

function ContactForm({ ctx, slug, values, errors, sent }: { ctx: PageContext; slug: string; values: Values; errors?: FieldErrors; sent: boolean }) {
  const { t } = ctx;
  return html`<form method="post" action=${`/p/${slug}/contact`} class="site-contact">
    <${Csrf} ctx=${ctx} />
    ${sent ? html`<p class="notice" role="status">${t('onepage.contact.sent')}</p>` : null}
    <${FormErrorSummary} ctx=${ctx} errors=${errors} />
    ${ctx.viewer ? html`<p>${t('onepage.contact.asYou', { name: ctx.viewer.username })}</p>` : html`
      <${Field} name="authorName" label=${t('onepage.contact.name')} value=${values.authorName} errors=${errors} required maxlength=${120} autocomplete="name" />
      <${Field} name="replyTo" label=${t('onepage.contact.replyTo')} value=${values.replyTo} errors=${errors} required maxlength=${200}
        hint=${t('onepage.contact.replyToHint')} />`}
    <${Field} name="body" label=${t('onepage.contact.message')} value=${values.body} errors=${errors} required textarea maxlength=${5000} />
    <button>${t('onepage.contact.send')}</button>
  </form>`;
}

function sitePage(deps: Deps, ctx: PageContext, view: SiteView, content: SiteContent, sent: boolean, contact: { values: Values; errors?: FieldErrors } = { values: {} }) {
  const { t } = ctx;
  const { element, page } = view;
  const on = page.sections;
  const position = element.position;
  const mapData = position ? JSON.stringify({ point: [position.lat, position.lon], label: element.name }) : null;
  const place = [element.address.street, element.address.postalCode, element.address.locality].filter(Boolean).join(' ');
  const contactErrors = contact.errors;
  return html`<html lang=${ctx.locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${element.name}</title>
      ${element.shortDescription ? html`<meta name="description" content=${element.shortDescription} />` : null}
      <link rel="stylesheet" href="/assets/copi.css" />
      <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
      ${on.map && mapData ? html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
        <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/map.js"></script>` : null}
    </head>
    <body class=${`site site-${page.layout}`} style=${`--site: ${page.colour}`}>
      ${view.isPreview ? html`<p class="site-preview" role="status">${t('onepage.preview')} <a href=${`/p/${page.slug}/edit`}>${t('onepage.edit')}</a></p>` : null}
      <header class="site-header">
        <h1>${element.name}</h1>
        ${element.shortDescription ? html`<p class="site-tagline">${element.shortDescription}</p>` : null}
        <nav class="site-nav" aria-label=${t('onepage.nav')}>
          ${sectionNames.filter((name) => on[name] && (name !== 'map' || position)).map((name) => html`<a href=${`#${name}`}>${t(`onepage.section.${name}` as MessageKey)}</a> `)}
        </nav>
      </header>
      <main class="site-main" id="main">
        ${on.about ? html`<${Section} id="about" title=${t('onepage.section.about')}>
          ${element.description ? html`<div class="prose" dangerouslySetInnerHTML=${{ __html: renderMarkdown(element.description) }} />` : html`<p>${element.shortDescription}</p>`}
          ${element.url ? html`<p><a href=${element.url} rel="noopener">${element.url}</a></p>` : null}
          ${element.tags.length ? html`<p class="tags">${element.tags.map((tag) => html`<span class="badge">#${tag}</span> `)}</p>` : null}
        <//>` : null}
        ${on.news ? html`<${Section} id="news" title=${t('onepage.section.news')}>
          ${content.news.length === 0 ? html`<p class="empty">${t('onepage.news.none')}</p>` : content.news.map((post) => html`<article class="site-post">
            <p class="post-meta"><time datetime=${post.createdAt}>${formatDate(ctx.locale, post.createdAt, false, ctx.timezone)}</time></p>
            <div class="prose" dangerouslySetInnerHTML=${{ __html: post.html }} />
          </article>`)}
        <//>` : null}
        ${on.events ? html`<${Section} id="events" title=${t('onepage.section.events')}>
          ${content.events.length === 0 ? html`<p class="empty">${t('onepage.events.none')}</p>` : html`<ul class="site-events">
            ${content.events.map((occurrence) => html`<li><time datetime=${occurrence.startsAt}>${formatDate(ctx.locale, occurrence.startsAt, !occurrence.allDay, ctx.timezone)}</time>
              ${' '}<a href=${`/e/${occurrence.event.slug}`}>${occurrence.event.name}</a>${occurrence.event.commune ? html` <small>${occurrence.event.commune}</small>` : null}</li>`)}
          </ul>`}
        <//>` : null}
        ${on.members ? html`<${Section} id="members" title=${t(`element.members.${element.type}` as MessageKey)}>
          ${content.members.length === 0 ? html`<p class="empty">${t('onepage.members.none')}</p>` : html`<ul class="site-members">
            ${content.members.map((member) => html`<li><a href=${`/e/${member.slug}`}>${member.name}</a></li>`)}
          </ul>`}
        <//>` : null}
        ${on.map && position ? html`<${Section} id="map" title=${t('onepage.section.map')}>
          ${place ? html`<p>${place}</p>` : null}
          <div class="map site-map" data-map=${mapData} role="img" aria-label=${t('onepage.mapOf', { name: element.name })}></div>
          <p><a href=${`/map?near=${position.lat.toFixed(5)},${position.lon.toFixed(5)}&radius_km=2`}>${t('onepage.mapAround')}</a></p>
        <//>` : null}
        ${on.contact && !view.isPreview ? html`<${Section} id="contact" title=${t('onepage.section.contact')}>
          <${ContactForm} ctx=${ctx} slug=${page.slug} values=${contact.values} errors=${contactErrors} sent=${sent} />
        <//>` : null}
      </main>
      <footer class="site-footer">
        <p><a href=${`/e/${element.slug}`}>${t('onepage.onBox', { name: element.name, box: ctx.boxName })}</a>
          ${view.canEdit ? html` · <a href=${`/p/${page.slug}/edit`}>${t('onepage.edit')}</a>` : null}</p>
        <p><small>${t('footer.offline')}</small></p>
      </footer>
    </body>
  </html>`;
}
