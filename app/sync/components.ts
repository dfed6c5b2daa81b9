// Pieces of the federation page: a peer's settings fields (the add form and each peer's edit form use the
// same ones, with ids of their own), a peer's card with its last sync, how a sync error reads, and the
// bundles written to or imported from a USB stick.
import type { Translate } from '../core/i18n/index.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import { fingerprintOf } from '../box/identity.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, type FieldErrors, type PageContext } from '../web/layout.ts';
import type { StickBundle } from './bundle-api.ts';
import type { ImportedBundle } from './bundle.ts';
import type { SyncState } from './jobs.ts';
import { shareableTypes } from './own.ts';
import type { Peer } from './storage.ts';

export const schedules = ['', 'quarter', 'hourly', 'daily'] as const;
export type Schedule = (typeof schedules)[number];
const acceptChoices = ['none', 'trusted', 'all'] as const;

const scheduleKey: Record<Schedule, MessageKey> = {
  '': 'sync.schedule.manual', quarter: 'sync.schedule.quarter', hourly: 'sync.schedule.hourly', daily: 'sync.schedule.daily',
};

/** The schedule a peer's cron expression was made from (peering.ts cronOf), or null for another expression. */
export function scheduleOf(cron: string): Schedule | null {
  if (cron === '') return '';
  const fields = cron.split(' ');
  if (fields.length !== 5 || fields.slice(2).join(' ') !== '* * *') return null;
  if (/^\d+-59\/15$/.test(fields[0]) && fields[1] === '*') return 'quarter';
  if (/^\d+$/.test(fields[0]) && fields[1] === '*') return 'hourly';
  if (/^\d+$/.test(fields[0]) && /^\d+$/.test(fields[1])) return 'daily';
  return null;
}

export const scheduleText = (t: Translate, cron: string) => {
  const known = scheduleOf(cron);
  return known === null ? t('sync.schedule.custom', { cron }) : t(scheduleKey[known]);
};

/** The values of a peer's settings as the form shows them. */
export interface SettingsValues {
  shareTypes: string[];
  shareZones: string;
  relayTo: boolean;
  acceptRelayed: string;
  schedule: string;
}

export const defaultSettings: SettingsValues = { shareTypes: [...shareableTypes], shareZones: '', relayTo: false, acceptRelayed: 'trusted', schedule: 'quarter' };

export const settingsOfPeer = (peer: Peer): SettingsValues => ({
  shareTypes: peer.shareTypes, shareZones: peer.shareZones.join(', '), relayTo: peer.relayTo, acceptRelayed: peer.acceptRelayed,
  schedule: scheduleOf(peer.schedule) ?? 'keep',
});

/** What a settings form posted, as its values (to show again) and as the input of addPeer/updatePeer. */
export function settingsOfForm(form: Record<string, string>): SettingsValues {
  return {
    shareTypes: shareableTypes.filter((type) => form[`share.${type}`] === 'on'), shareZones: form.shareZones ?? '',
    relayTo: form.relayTo === 'on', acceptRelayed: form.acceptRelayed ?? '', schedule: form.schedule ?? '',
  };
}

export const settingsInput = (values: SettingsValues) => ({
  shareTypes: values.shareTypes, shareZones: values.shareZones.split(/[\s,;]+/).filter(Boolean), relayTo: values.relayTo,
  acceptRelayed: values.acceptRelayed, ...(values.schedule === 'keep' ? {} : { schedule: values.schedule }),
});

const FieldError = ({ id, error }: { id: string; error?: string }) => (error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : null);

/** The settings of a peer; `prefix` keeps the ids of several forms on one page apart. */
export function SettingsFields({ ctx, prefix, values, errors, currentCron }: {
  ctx: PageContext; prefix: string; values: SettingsValues; errors?: FieldErrors; currentCron?: string;
}) {
  const { t } = ctx;
  const id = (name: string) => `${prefix}-${name}`;
  const invalid = (name: string) => (errors?.[name] ? 'field invalid' : 'field');
  // "keep": the peer's schedule as it is (one cronOf did not make, or the same choice again).
  const custom = currentCron !== undefined && scheduleOf(currentCron) === null;
  const selected = values.schedule === 'keep' && !custom ? scheduleOf(currentCron ?? '') : values.schedule;
  const described = (name: string, hint = false) => [errors?.[name] ? `${id(name)}-error` : '', hint ? `${id(name)}-hint` : ''].filter(Boolean).join(' ') || undefined;
  return html`
    <fieldset class=${errors?.shareTypes ? 'invalid' : undefined}><legend>${t('sync.shareTypes')}</legend>
      ${shareableTypes.map((type) => html`<label class="check"><input type="checkbox" name=${`share.${type}`} value="on"
        checked=${values.shareTypes.includes(type)} /> ${t(`type.${type}.plural` as MessageKey)}</label>`)}
      <${FieldError} id=${id('shareTypes')} error=${errors?.shareTypes} />
    </fieldset>
    <div class=${invalid('shareZones')}>
      <label for=${id('shareZones')}>${t('sync.shareZones')}</label>
      <input id=${id('shareZones')} name="shareZones" value=${values.shareZones} aria-invalid=${errors?.shareZones ? 'true' : undefined}
        aria-describedby=${described('shareZones', true)} />
      <small id=${`${id('shareZones')}-hint`}>${t('sync.shareZonesHint')}</small>
      <${FieldError} id=${id('shareZones')} error=${errors?.shareZones} />
    </div>
    <div class=${invalid('relayTo')}>
      <label class="check"><input type="checkbox" id=${id('relayTo')} name="relayTo" value="on" checked=${values.relayTo} /> ${t('sync.relayTo')}</label>
      <${FieldError} id=${id('relayTo')} error=${errors?.relayTo} />
    </div>
    <div class=${invalid('acceptRelayed')}>
      <label for=${id('acceptRelayed')}>${t('sync.acceptRelayed')}</label>
      <select id=${id('acceptRelayed')} name="acceptRelayed" aria-describedby=${described('acceptRelayed')}>
        ${acceptChoices.map((choice) => html`<option value=${choice} selected=${values.acceptRelayed === choice}>${t(`sync.accept.${choice}`)}</option>`)}
      </select>
      <${FieldError} id=${id('acceptRelayed')} error=${errors?.acceptRelayed} />
    </div>
    <div class=${invalid('schedule')}>
      <label for=${id('schedule')}>${t('sync.schedule')}</label>
      <select id=${id('schedule')} name="schedule" aria-describedby=${described('schedule')}>
        ${custom ? html`<option value="keep" selected=${selected === 'keep'}>${scheduleText(t, currentCron!)}</option>` : null}
        ${schedules.map((choice) => html`<option value=${choice} selected=${selected === choice}>${t(scheduleKey[choice])}</option>`)}
      </select>
      <${FieldError} id=${id('schedule')} error=${errors?.schedule} />
    </div>`;
}

/** A sync error noted on a peer, in words an admin can act on (the raw text is shown beside it). */
export function errorSentence(t: Translate, peer: Peer, error: string): string | null {
  const name = peer.name || peer.url;
  if (/ answered 403\b/.test(error)) return t('sync.error.notAdded', { name });
  if (/ answered 401\b/.test(error)) return t('sync.error.signature', { name });
  if (/ did not answer|stopped sending|aborted|timeout/i.test(error)) return t('sync.error.unreachable', { name });
  return null;
}

/** The line that says how a peer's sync goes: under way (step and counts so far), or how the last one ended. */
export function SyncProgress({ ctx, state }: { ctx: PageContext; state: SyncState | null }) {
  if (!state) return null;
  const { t } = ctx;
  const when = (iso: string) => formatDate(ctx.locale, iso, true, ctx.timezone);
  if (state.running) {
    return html`<p class="notice sync-running" role="status" data-phase=${state.phase}>
      ${t('sync.running', { time: when(state.startedAt), phase: t(`sync.phase.${state.phase}`) })}
      ${t('sync.countsSoFar', { received: state.counts.received, sent: state.counts.sent })}</p>`;
  }
  if (state.error) return null; // shown as the peer's last error
  return html`<p class="sync-outcome" data-received=${state.counts.received} data-sent=${state.counts.sent} data-refused=${state.counts.refused}>
    ${t('sync.outcome', { time: when(state.finishedAt ?? state.startedAt), ...state.counts })}</p>`;
}

/** What is shared with a peer, in words. */
export function sharedText(deps: Deps, t: Translate, peer: Peer): string {
  const types = peer.shareTypes.length === 0 ? t('sync.nothing') : peer.shareTypes.map((type) => t(`type.${type}.plural` as MessageKey)).join(', ');
  const zones = peer.shareZones.length === 0
    ? t('sync.zonesAll')
    : peer.shareZones.map((zone) => deps.zones.findZone(zone)?.name ?? zone).join(', ');
  return `${types} — ${zones}`;
}

/** What the last bundle action of the page did, shown once after its redirect. */
export type BundleOutcome =
  | { kind: 'written'; stick: string; files: { name: string; peerName: string; records: number }[] }
  | { kind: 'imported'; file: string; result: ImportedBundle };

/** The sneakernet part: write a bundle for a peer on the stick plugged in, import the bundles found on it. */
export function BundlesSection({ deps, ctx, sticks, bundles, peers, outcome, error }: {
  deps: Deps; ctx: PageContext; sticks: string[]; bundles: StickBundle[]; peers: Peer[]; outcome?: BundleOutcome;
  error?: { file?: string; message: string };
}) {
  const { t } = ctx;
  return html`<section class="sync-bundles" id="bundles"><h2>${t('sync.bundles')}</h2>
    <p>${t('sync.bundlesIntro')}</p>
    ${outcome ? html`<${BundleOutcomeNotice} ctx=${ctx} outcome=${outcome} />` : null}
    ${error ? html`<div class="sync-error" role="alert"><p class="error">${error.file ? t('sync.bundleRefused', { file: error.file }) : t('sync.bundleFailed')}</p>
      <p><strong>${error.message}</strong></p></div>` : null}
    ${sticks.length === 0
      ? html`<p class="notice sync-no-stick">${t('sync.plugStick')}</p><p><a class="button secondary" href="/admin/sync#bundles">${t('sync.stickReload')}</a></p>`
      : html`<h3>${t('sync.writeBundles')}</h3>
        ${peers.length === 0 ? html`<p>${t('sync.bundleNoPeers')}</p>` : html`<form method="post" action="/admin/sync/bundles" class="stack"><${Csrf} ctx=${ctx} />
          ${sticks.length === 1
            ? html`<input type="hidden" name="stick" value=${sticks[0]} /><p>${t('sync.onStick', { stick: sticks[0] })}</p>`
            : html`<div class="field"><label for="bundle-stick">${t('sync.whichStick')}</label>
              <select id="bundle-stick" name="stick">${sticks.map((stick) => html`<option value=${stick}>${stick}</option>`)}</select></div>`}
          <div class="actions">
            ${peers.map((peer) => html`<button name="to" value=${peer.boxId}>${t('sync.writeFor', { name: peer.name || peer.url })}</button>`)}
            ${peers.length > 1 ? html`<button name="to" value="all" class="secondary">${t('sync.writeForAll')}</button>` : null}
          </div>
        </form>`}
        <h3>${t('sync.importBundles')}</h3>
        ${bundles.length === 0 ? html`<p>${t('sync.noBundles')}</p>` : html`<ul class="sync-bundle-list">
          ${bundles.map((bundle) => html`<li><${BundleItem} deps=${deps} ctx=${ctx} bundle=${bundle} peers=${peers} /></li>`)}</ul>`}`}
  </section>`;
}

function BundleItem({ deps, ctx, bundle, peers }: { deps: Deps; ctx: PageContext; bundle: StickBundle; peers: Peer[] }) {
  const { t } = ctx;
  const own = bundle.from === deps.box.boxId;
  const boxName = (boxId: string | null) => {
    if (boxId === null) return t('sync.unknownBox');
    if (boxId === deps.box.boxId) return t('sync.thisBoxLower');
    if (boxId === 'all') return t('sync.everyPeer');
    const peer = peers.find((candidate) => candidate.boxId === boxId);
    return peer ? peer.name || peer.url : fingerprintOf(boxId);
  };
  const from = own ? t('sync.thisBoxLower') : bundle.fromName || boxName(bundle.from);
  return html`<article class="sync-bundle" data-bundle=${bundle.path}>
    <p><strong>${t('sync.bundleFromTo', { from, to: boxName(bundle.to) })}</strong>
      ${bundle.records === null ? null : html` — ${t('sync.bundleRecords', { count: bundle.records })}`}<br />
      <small>${t('sync.bundleFile', { stick: bundle.stick })} <code>${bundle.name}</code></small></p>
    ${own ? html`<p>${t('sync.bundleOwn')}</p>`
      : bundle.problem ? html`<p class="error">${t('sync.bundleWontImport')} ${localizeMessage(ctx.locale, bundle.problem)}</p>`
      : html`<form method="post" action="/admin/sync/bundles/import" class="inline"><${Csrf} ctx=${ctx} />
        <input type="hidden" name="path" value=${bundle.path} /><button>${t('sync.import')}</button></form>`}
  </article>`;
}

function BundleOutcomeNotice({ ctx, outcome }: { ctx: PageContext; outcome: BundleOutcome }) {
  const { t } = ctx;
  if (outcome.kind === 'written') {
    return html`<div class="notice" role="status"><p>${t('sync.written', { stick: outcome.stick })}</p>
      <ul>${outcome.files.map((file) => html`<li>${t('sync.writtenFor', { name: file.peerName, count: file.records })} <small><code>${file.name}</code></small></li>`)}</ul>
      <p>${t('sync.writtenNext')}</p></div>`;
  }
  const { result } = outcome;
  return html`<div class="notice sync-imported" role="status" data-accepted=${result.accepted} data-ignored=${result.ignored} data-refused=${result.refused.length}>
    <p>${t('sync.imported', { name: result.fromName || fingerprintOf(result.from), accepted: result.accepted, ignored: result.ignored, refused: result.refused.length })}</p>
    ${result.refused.length > 0 ? html`<p>${t('sync.importedRefusals')}</p>
      <ul>${result.refused.slice(0, 3).map((refusal) => html`<li><small>${t('sync.refusalLine', { line: refusal.line, reason: refusal.reason })}</small></li>`)}</ul>` : null}
  </div>`;
}
