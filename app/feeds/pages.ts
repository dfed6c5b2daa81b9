// Feed pages: the territory's live feed (/live), a person's own feed (/feed), and the Atom feeds of public
// posts (/live.atom, /e/:slug/posts.atom). The Atom feeds always answer as to an anonymous visitor, even
// with a session cookie: a feed address is shared and read by programs, so it never holds more than public posts.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import { nowIso } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout } from '../web/layout.ts';
import { pageContext, sendPage, toLogin } from '../web/page.ts';
import { accessTo } from '../permissions/visibility.ts';
import { findElementBySlug } from '../elements/storage.ts';
import { PostList } from '../posts/components.ts';
import { wallPosts } from '../posts/actions.ts';
import { zoneNames } from '../posts/zones.ts';
import { atomDocument } from './atom.ts';
import { LiveFilters, LiveItems, liveParams, Upcoming } from './components.ts';
import { liveFeed, liveQuerySchema } from './live.ts';
import { personalFeed } from './personal.ts';

/** Entries of an Atom feed: the latest public posts. */
const atomEntries = 50;
const pageSize = 20;
const feedQuery = z.object({ cursor: z.string().max(200).optional() }).strict();
const atomQuery = z.object({ zone: liveQuerySchema.shape.zone, tag: liveQuerySchema.shape.tag }).strict();

export function feedsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  const base = deps.config.publicUrl.replace(/\/$/, '');

  pages.get('/live', (c) => {
    const query = parse(liveQuerySchema, c.req.query(), c.get('locale'));
    const page = liveFeed(deps, c.get('viewer'), { ...query, limit: Math.min(query.limit, pageSize) });
    const ctx = pageContext(deps, c);
    const zoneName = page.zone ? zoneNames(deps.db, [page.zone]).get(page.zone) ?? page.zone : null;
    const title = zoneName ? ctx.t('live.titleOf', { zone: zoneName }) : ctx.t('live.title');
    const atom = `/live.atom${atomParams(page.zone, page.tag)}`;
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${title}
        head=${html`<link rel="alternate" type="application/atom+xml" title=${ctx.t('live.feedTitle', { zone: zoneName ?? ctx.boxName })} href=${atom} />`}>
      <h1>${title}</h1>
      <${LiveFilters} ctx=${ctx} deps=${deps} page=${page} />
      <p>${page.tag ? html`<strong>#${page.tag}</strong> · ` : null}<a href=${atom} type="application/atom+xml">${ctx.t('feed.atom')}</a>
        ${ctx.viewer ? html` · <a href="/feed">${ctx.t('feed.title')}</a>` : null}</p>
      <${Upcoming} ctx=${ctx} occurrences=${page.upcoming} />
      <section aria-labelledby="live-news"><h2 id="live-news">${ctx.t('live.latest')}</h2>
        <${LiveItems} ctx=${ctx} deps=${deps} items=${page.items} />
        ${page.nextCursor ? html`<p><a rel="next" href=${`/live?${liveParams(page, page.nextCursor)}`}>${ctx.t('list.more')}</a></p>` : null}
      </section>
    <//>`);
  });

  pages.get('/feed', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { cursor } = parse(feedQuery, c.req.query(), c.get('locale'));
    const page = personalFeed(deps, c.get('viewer'), cursor, pageSize);
    const ctx = pageContext(deps, c);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('feed.title')}>
      <h1>${ctx.t('feed.title')}</h1>
      <p>${ctx.t('feed.explain')} <a href="/live">${ctx.t('live.nav')}</a></p>
      <${PostList} ctx=${ctx} deps=${deps} posts=${page.items} empty=${ctx.t('feed.empty')} />
      ${page.nextCursor ? html`<p><a rel="next" href=${`/feed?cursor=${page.nextCursor}`}>${ctx.t('list.more')}</a></p>` : null}
    <//>`);
  });

  pages.get('/live.atom', (c) => {
    const { zone, tag } = parse(atomQuery, c.req.query(), c.get('locale'));
    const page = liveFeed(deps, null, { zone, tag, type: 'post', limit: atomEntries });
    const zoneName = page.zone ? zoneNames(deps.db, [page.zone]).get(page.zone) ?? page.zone : deps.box.name;
    const params = atomParams(page.zone, page.tag);
    return sendAtom(c, atomDocument({
      selfUrl: `${base}/live.atom${params}`, pageUrl: `${base}/live${params}`, base, boxName: deps.box.name, language: c.get('locale'),
      title: `${c.get('t')('live.feedTitle', { zone: zoneName })}${page.tag ? ` #${page.tag}` : ''}`, someone: c.get('t')('post.someone'),
      posts: page.items.flatMap((item) => (item.kind === 'post' ? [item.post] : [])),
    }, nowIso()));
  });

  pages.get('/e/:slug/posts.atom', (c) => {
    const wall = findElementBySlug(deps.db, c.req.param('slug'));
    if (!wall || !accessTo(deps.db, null, wall.id).canSee) throw notFound('Element');
    const posts = wallPosts(deps, null, wall.id, undefined, atomEntries).items;
    return sendAtom(c, atomDocument({
      selfUrl: `${base}/e/${wall.slug}/posts.atom`, pageUrl: `${base}/e/${wall.slug}`, base, boxName: deps.box.name, language: c.get('locale'),
      title: c.get('t')('post.wallFeedTitle', { name: wall.name }), someone: c.get('t')('post.someone'), posts,
    }, nowIso()));
  });

  return pages;
}

function atomParams(zone: string | null, tag: string | null): string {
  const params = new URLSearchParams();
  if (zone) params.set('zone', zone);
  if (tag) params.set('tag', tag);
  const text = params.toString();
  return text ? `?${text}` : '';
}

function sendAtom(c: Ctx, xml: string) {
  c.header('content-type', 'application/atom+xml; charset=utf-8');
  c.header('cache-control', 'public, max-age=300');
  return c.body(xml);
}
