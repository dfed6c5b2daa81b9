// The home page: the box's welcome text, the territory, its latest elements and upcoming events; a turned-off
// module's part (search, agenda) is left out.
import type { Handler } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { mainTerritory } from '../zones/communes.ts';
import type { Deps } from '../deps.ts';
import { html } from './html.ts';
import { Layout } from './layout.ts';
import { pageContext, sendPage } from './page.ts';
import { listVisibleElements } from '../elements/storage.ts';
import { ElementList } from '../elements/components.ts';
import { renderMarkdown } from '../core/markdown.ts';

export function homePage(deps: Deps): Handler<AppEnv> {
  return function home(c) {
    const ctx = pageContext(deps, c);
    const viewer = c.get('viewer');
    const on = (module: 'search' | 'agenda') => !ctx.modulesOff?.has(module);
    const upcoming = on('agenda') ? listVisibleElements(deps.db, viewer, { upcomingFrom: new Date().toISOString() }, null, 8).items : [];
    const latest = listVisibleElements(deps.db, viewer, {}, null, 12).items.filter((e) => e.type !== 'person');
    const territory = mainTerritory(deps.db);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('home.title')}>
      <section class="hero">
        <h1>${ctx.boxName}</h1>
        ${territory ? html`<p>${ctx.t('home.territory', { name: territory.name, communes: territory.communes,
          population: new Intl.NumberFormat(ctx.locale).format(territory.population ?? 0) })}
          <a href=${`/zones/${territory.id}`}>${ctx.t('home.territoryLink')}</a></p>` : null}
        ${deps.box.welcome
          ? html`<div class="prose welcome" dangerouslySetInnerHTML=${{ __html: renderMarkdown(deps.box.welcome) }} />`
          : html`<p>${ctx.t('home.welcome')}</p>`}
        ${on('search') ? html`<form method="get" action="/search" role="search" class="search-form">
          <label for="home-q">${ctx.t('search.label')}</label>
          <input id="home-q" name="q" type="search" maxlength="200" />
          <button type="submit">${ctx.t('search.submit')}</button>
        </form>` : null}
        ${viewer ? html`<p class="quick">
            <a class="button" href="/new/organization">${ctx.t('new.organization')}</a>
            <a class="button" href="/new/event">${ctx.t('new.event')}</a>
            <a class="button" href="/new/project">${ctx.t('new.project')}</a>
            <a class="button" href="/new/poi">${ctx.t('new.poi')}</a></p>`
          : html`<p><a class="button" href="/register">${ctx.t('nav.register')}</a> <a href="/login">${ctx.t('nav.login')}</a></p>`}
      </section>
      ${on('agenda') ? html`<section><h2>${ctx.t('home.upcoming')}</h2><${ElementList} items=${upcoming} ctx=${ctx} empty=${ctx.t('home.noEvents')} />
        <p><a href="/events">${ctx.t('home.allEvents')}</a></p></section>` : null}
      <section><h2>${ctx.t('home.latest')}</h2><${ElementList} items=${latest} ctx=${ctx} /></section>
    <//>`);
  };
}
