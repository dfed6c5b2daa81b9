// The box admin's federation page (box admins only): this box's identity to give to another box's admin, the
// peers with their last sync, "sync now" (run in the background, the page refreshes while it runs), each
// peer's settings, its removal after a confirmation, the form that adds a peer, and the sneakernet part (a
// bundle written for a peer on the USB stick plugged in, the bundles found on the sticks imported). Forms post
// and redirect.
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { formatDate } from '../core/i18n/index.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import type { Db } from '../core/db/database.ts';
import { fingerprintOf } from '../box/identity.ts';
import { listSticks } from '../backup/usb.ts';
import type { Deps } from '../deps.ts';
import { visibleBySlug } from '../elements/pages.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, requireBoxAdmin, sendPage, toLogin } from '../web/page.ts';
import { bundleFolderOn, bundlesOn, fileOnStick, stickFor } from './bundle-api.ts';
import { exportBundle, importBundle } from './bundle.ts';
import {
  BundlesSection, defaultSettings, errorSentence, type BundleOutcome, scheduleOf, scheduleText, settingsInput, settingsOfForm, settingsOfPeer, sharedText, SettingsFields,
  SyncProgress, type SettingsValues,
} from './components.ts';
import { fetchDetailsFromPeers } from './client.ts';
import { detailsMissing } from './details.ts';
import { syncJobs } from './jobs.ts';
import { addPeer, dropPeer, updatePeer } from './peering.ts';
import { findPeer, listPeers, type Peer } from './storage.ts';

interface PageState {
  notice?: string;
  addValues?: { url?: string; fingerprint?: string; settings: SettingsValues };
  addErrors?: FieldErrors;
  /** The peer whose edit form failed, with what was typed. */
  edit?: { peerId: string; values: SettingsValues; errors: FieldErrors };
  bundleOutcome?: BundleOutcome;
  /** A bundle that could not be written, or was refused whole (`file`): nothing was applied. */
  bundleError?: { file?: string; message: string };
}

const peerAnchor = (peerId: string) => `/admin/sync#peer-${peerId}`;

/** zod names a list's items (shareZones.2): the error goes next to the list's field. */
const fieldsOf = (errors: FieldErrors): FieldErrors => {
  const out: FieldErrors = { ...errors };
  for (const [key, message] of Object.entries(errors)) {
    const field = key.split('.')[0];
    out[field] ??= message;
  }
  return out;
};

export function syncPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  const jobs = syncJobs(deps);
  const peerOf = (c: Ctx) => findPeer(deps.db, c.req.param('id') ?? '') ?? (() => { throw new AppError('not_found', 'No such peer'); })();

  // Details on demand: anyone who sees a card of another box may have its description fetched here.
  pages.post('/e/:slug/details', async (c) => {
    await readForm(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const found = element.origin.box !== deps.box.boxId && detailsMissing(deps.db, element.origin.box, element.id)
      ? await fetchDetailsFromPeers(deps, element.origin.box, element.id) : '';
    if (found === null) throw new AppError('conflict', 'No box could give the description just now: try again later');
    return c.redirect(`/e/${element.slug}`, 303);
  });

  pages.get('/admin/sync', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, syncPage(deps, c, { notice: flashOf(deps, c), bundleOutcome: bundleOutcomes(deps.db).find(c.req.query('bundle')) }));
  });

  // A bundle for one peer (`to`) or every peer (`to=all`), written on the stick chosen (or the only one).
  pages.post('/admin/sync/bundles', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    try {
      const stick = stickFor(deps.config.backup.usbDir, form.stick || undefined);
      const files = await exportBundle(deps, { to: form.to ?? '', dir: bundleFolderOn(stick) });
      const id = bundleOutcomes(deps.db).keep({ kind: 'written', stick: stick.name, files });
      return c.redirect(`/admin/sync?bundle=${id}#bundles`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sendPage(c, syncPage(deps, c, { bundleError: { message: localizeMessage(c.get('locale'), error.message) } }), 422);
    }
  });

  // A bundle imported from a stick: refused whole (the page says why, nothing applied) or applied record by record.
  pages.post('/admin/sync/bundles/import', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    const file = form.path ?? '';
    try {
      const result = await importBundle(deps, fileOnStick(deps.config.backup.usbDir, file));
      const id = bundleOutcomes(deps.db).keep({ kind: 'imported', file, result });
      return c.redirect(`/admin/sync?bundle=${id}#bundles`, 303);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sendPage(c, syncPage(deps, c, { bundleError: { file, message: localizeMessage(c.get('locale'), error.message) } }), 422);
    }
  });

  pages.post('/admin/sync/peers', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    const settings = settingsOfForm(form);
    try {
      const peer = await addPeer(deps, c.get('viewer'), { url: (form.url ?? '').trim(), fingerprint: form.fingerprint ?? '', ...settingsInput(settings) });
      jobs.refresh();
      return c.redirect(`/admin/sync?added=${peer.boxId}#peer-${peer.boxId}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, syncPage(deps, c, { addValues: { url: form.url, fingerprint: form.fingerprint, settings }, addErrors: fieldsOf(errors) }), 422);
    }
  });

  pages.post('/admin/sync/peers/:id', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    const peer = peerOf(c);
    const values = settingsOfForm(form);
    // The same schedule chosen again keeps its minute: only a change draws a new one.
    if (values.schedule === scheduleOf(peer.schedule)) values.schedule = 'keep';
    try {
      updatePeer(deps, c.get('viewer'), peer.boxId, settingsInput(values));
      jobs.refresh();
      return c.redirect(`/admin/sync?saved=${peer.boxId}#peer-${peer.boxId}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, syncPage(deps, c, { edit: { peerId: peer.boxId, values, errors: fieldsOf(errors) } }), 422);
    }
  });

  pages.post('/admin/sync/peers/:id/sync', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    const peer = peerOf(c);
    const started = jobs.syncNow(peer.boxId);
    return c.redirect(`/admin/sync?${started === 'busy' ? 'busy' : 'started'}=${peer.boxId}#peer-${peer.boxId}`, 303);
  });

  pages.get('/admin/sync/peers/:id/remove', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, removePage(pageContext(deps, c), peerOf(c)));
  });

  pages.post('/admin/sync/peers/:id/remove', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    const peer = peerOf(c);
    await jobs.cancel(peer.boxId);
    dropPeer(deps, c.get('viewer'), peer.boxId);
    jobs.refresh();
    return c.redirect('/admin/sync?removed=1', 303);
  });

  return pages;
}

/** The notice a redirect asked for (?added=, ?saved=, ?started=, ?busy= with a peer's id, ?removed=1). */
function flashOf(deps: Deps, c: Ctx): string | undefined {
  const t = c.get('t');
  const nameOf = (peerId: string | undefined) => {
    const peer = peerId ? findPeer(deps.db, peerId) : null;
    return peer ? peer.name || peer.url : null;
  };
  if (c.req.query('removed')) return t('sync.removed');
  for (const [flag, key] of [['added', 'sync.added'], ['saved', 'sync.saved'], ['started', 'sync.started'], ['busy', 'sync.busy']] as const) {
    const name = nameOf(c.req.query(flag));
    if (name) return t(key, { name });
  }
  return undefined;
}

function syncPage(deps: Deps, c: Ctx, state: PageState) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const jobs = syncJobs(deps);
  const peers = listPeers(deps.db);
  const sticks = listSticks(deps.config.backup.usbDir);
  // While a sync runs the page reloads itself (without the notice of the redirect), no script needed.
  const head = jobs.busy ? html`<meta http-equiv="refresh" content="2; url=/admin/sync" />` : null;
  const add = state.addValues;
  return html`<${Layout} ctx=${ctx} title=${t('sync.title')} head=${head}>
    <p><a href="/admin">${t('admin.title')}</a></p>
    <h1>${t('sync.title')}</h1>
    ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : null}
    <p>${t('sync.intro')}</p>
    <section class="sync-identity"><h2>${t('sync.thisBox')}</h2>
      <p>${t('sync.giveThis')}</p>
      <dl>
        <dt>${t('sync.name')}</dt><dd>${deps.box.name}</dd>
        <dt>${t('sync.address')}</dt><dd><code>${deps.config.publicUrl}</code></dd>
        <dt>${t('sync.fingerprint')}</dt>
        <dd><strong class="fingerprint" style="font-family: ui-monospace, monospace; font-size: 2rem; letter-spacing: .08em">${fingerprintOf(deps.box.boxId)}</strong>
          <br /><small>${t('sync.fingerprintHint')}</small></dd>
      </dl>
    </section>
    <section class="sync-peers"><h2>${t('sync.peers')}</h2>
      ${peers.length === 0 ? html`<p>${t('sync.noPeers')}</p>` : peers.map((peer) => html`<${PeerCard} deps=${deps} ctx=${ctx} peer=${peer}
        edit=${state.edit?.peerId === peer.boxId ? state.edit : undefined} />`)}
    </section>
    <${BundlesSection} deps=${deps} ctx=${ctx} sticks=${sticks.map((stick) => stick.name)} bundles=${sticks.flatMap((stick) => bundlesOn(deps, stick))}
      peers=${peers} outcome=${state.bundleOutcome} error=${state.bundleError} />
    <section class="sync-add"><h2>${t('sync.add')}</h2>
      <form method="post" action="/admin/sync/peers" class="stack" novalidate><${Csrf} ctx=${ctx} />
        ${state.addErrors?._ && !state.addErrors.url && !state.addErrors.fingerprint
          ? html`<p class="error-summary" role="alert">${state.addErrors._}</p>` : null}
        <${Field} name="url" label=${t('sync.url')} value=${add?.url} errors=${state.addErrors} hint=${t('sync.urlHint')} required />
        <${Field} name="fingerprint" label=${t('sync.peerFingerprint')} value=${add?.fingerprint} errors=${state.addErrors}
          hint=${t('sync.peerFingerprintHint')} required />
        <${SettingsFields} ctx=${ctx} prefix="add" values=${add?.settings ?? defaultSettings} errors=${state.addErrors} />
        <button>${t('sync.addButton')}</button>
      </form>
    </section>
  <//>`;
}

function PeerCard({ deps, ctx, peer, edit }: { deps: Deps; ctx: PageContext; peer: Peer; edit?: PageState['edit'] }) {
  const { t } = ctx;
  const jobs = syncJobs(deps);
  const state = jobs.stateOf(peer.boxId);
  const when = (iso: string) => formatDate(ctx.locale, iso, true, ctx.timezone);
  const next = jobs.nextRunOf(peer.boxId);
  const sentence = peer.lastError ? errorSentence(t, peer, peer.lastError) : null;
  return html`<article class="sync-peer" id=${`peer-${peer.boxId}`} data-peer=${peer.boxId}>
    <h3>${peer.name || peer.url}</h3>
    <dl>
      <dt>${t('sync.address')}</dt><dd><code>${peer.url}</code></dd>
      <dt>${t('sync.fingerprint')}</dt><dd><code>${fingerprintOf(peer.boxId)}</code></dd>
      <dt>${t('sync.shared')}</dt><dd>${sharedText(deps, t, peer)}</dd>
      <dt>${t('sync.relayTo')}</dt><dd>${peer.relayTo ? t('sync.yes') : t('sync.no')}</dd>
      <dt>${t('sync.acceptRelayed')}</dt><dd>${t(`sync.accept.${peer.acceptRelayed}`)}</dd>
      <dt>${t('sync.schedule')}</dt><dd>${scheduleText(t, peer.schedule)}${next ? ` — ${t('sync.nextRun', { time: when(next.toISOString()) })}` : ''}</dd>
      <dt>${t('sync.lastSync')}</dt><dd>${peer.lastSyncAt ? when(peer.lastSyncAt) : t('sync.never')}</dd>
    </dl>
    <${SyncProgress} ctx=${ctx} state=${state} />
    ${peer.lastError && !state?.running ? html`<div class="sync-error" role="alert">
      <p class="error">${sentence ?? t('sync.failed')}</p><p><small>${peer.lastError}</small></p></div>` : null}
    <div class="actions">
      <form method="post" action=${`/admin/sync/peers/${peer.boxId}/sync`} class="inline"><${Csrf} ctx=${ctx} />
        <button disabled=${state?.running}>${t('sync.syncNow')}</button></form>
      <a class="button secondary" href=${`/admin/sync/peers/${peer.boxId}/remove`}>${t('sync.remove')}</a>
    </div>
    <details open=${edit !== undefined}><summary>${t('sync.edit')}</summary>
      <form method="post" action=${`/admin/sync/peers/${peer.boxId}`} class="stack" novalidate><${Csrf} ctx=${ctx} />
        ${edit?.errors._ ? html`<p class="error-summary" role="alert">${edit.errors._}</p>` : null}
        <${SettingsFields} ctx=${ctx} prefix=${`peer-${peer.boxId}`} values=${edit?.values ?? settingsOfPeer(peer)} errors=${edit?.errors}
          currentCron=${peer.schedule} />
        <button>${t('form.save')}</button>
      </form>
    </details>
  </article>`;
}

function removePage(ctx: PageContext, peer: Peer) {
  const { t } = ctx;
  const name = peer.name || peer.url;
  return html`<${Layout} ctx=${ctx} title=${t('sync.removeTitle', { name })}>
    <p><a href=${peerAnchor(peer.boxId)}>${t('sync.title')}</a></p>
    <h1>${t('sync.removeTitle', { name })}</h1>
    <p>${t('sync.removeExplain', { name })}</p>
    <form method="post" action=${`/admin/sync/peers/${peer.boxId}/remove`} class="inline"><${Csrf} ctx=${ctx} />
      <button class="danger">${t('sync.removeYes')}</button></form>
    <a class="button secondary" href=${peerAnchor(peer.boxId)}>${t('sync.cancel')}</a>
  <//>`;
}

// ---- bundles ----

/**
 * What a bundle form did, kept in memory for the page its redirect shows (a few, the latest; a restart
 * forgets them, and the page then simply shows no notice).
 */
class BundleOutcomes {
  private readonly outcomes = new Map<string, BundleOutcome>();
  keep(outcome: BundleOutcome): string {
    const id = randomUUID();
    this.outcomes.set(id, outcome);
    for (const old of this.outcomes.keys()) if (this.outcomes.size > 20) this.outcomes.delete(old);
    return id;
  }
  find(id: string | undefined): BundleOutcome | undefined {
    return id ? this.outcomes.get(id) : undefined;
  }
}

const outcomesOfBox = new WeakMap<Db, BundleOutcomes>();
const bundleOutcomes = (db: Db) => outcomesOfBox.get(db) ?? outcomesOfBox.set(db, new BundleOutcomes()).get(db)!;
