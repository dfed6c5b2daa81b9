// Pages of the cooperative space (/coop…): spaces, rooms, proposals with their amendments, vote and history,
// resolutions, actions. Every flow is a plain form: it works without JavaScript.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { nowMs } from '../core/time.ts';
import { renderMarkdown } from '../core/markdown.ts';
import type { Deps } from '../deps.ts';
import { html, type VNode } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { AppError, notFound } from '../core/errors.ts';
import type { Element } from '../elements/model.ts';
import { todayIn } from '../rooms/local-time.ts';
import {
  addAmendment, castBallot, changeAction, clockNotConfirmed, closeProposal, createAction, createProposal, createRoom, listSpaces, openAmendments,
  readProposal, readSpace, spaceOf, startVote, voteAmendment, type ProposalView, type SpaceView,
} from './actions.ts';
import { findAction, findAmendment, findProposal, findRoom } from './storage.ts';
import { ActionList, History, ProposalList, Results, StatusBadge, tallyLine, when } from './components.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import { majorities } from './model.ts';

type Values = Record<string, string>;

export function coopPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/coop', (c) => sendPage(c, spacesPage(deps, c)));

  pages.get('/coop/proposals/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, proposalFormPage(deps, c, c.req.query('room') ?? '', { majority: 'simple', resultsVisible: 'after_close' }));
  });

  pages.post('/coop/proposals/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    const roomId = c.req.query('room') ?? '';
    try {
      const proposal = createProposal(deps, c.get('viewer'), { ...form, roomId }, c.get('locale'));
      return c.redirect(`/coop/proposals/${proposal.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || isForbidden(error)) throw error;
      return sendPage(c, proposalFormPage(deps, c, roomId, form, errors), 422);
    }
  });

  pages.get('/coop/proposals/:id', (c) => sendPage(c, proposalPage(deps, c, readProposal(deps, c.get('viewer'), c.req.param('id')))));

  // The proposal's forms: each answers with the proposal page, its errors shown there.
  const proposalForms = {
    amending: (c: Ctx, id: string, form: Values) => openAmendments(deps, c.get('viewer'), id, form, c.get('locale')),
    voting: (c: Ctx, id: string, form: Values) => startVote(deps, c.get('viewer'), id, form, c.get('locale')),
    close: (c: Ctx, id: string) => closeProposal(deps, c.get('viewer'), id),
    amendments: (c: Ctx, id: string, form: Values) => addAmendment(deps, c.get('viewer'), id, form, c.get('locale')),
    ballot: (c: Ctx, id: string, form: Values) => castBallot(deps, c.get('viewer'), id, form, c.get('locale')),
  } as const;
  for (const [name, run] of Object.entries(proposalForms)) {
    pages.post(`/coop/proposals/:id/${name}`, async (c) => {
      if (!c.get('viewer')) return toLogin(c);
      const id = c.req.param('id');
      const form = await readForm(c);
      return answerOnProposal(deps, c, id, form, () => run(c, id, form), name === 'ballot' ? '#vote' : '');
    });
  }

  pages.post('/coop/amendments/:id/vote', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const amendment = findAmendment(deps.db, c.req.param('id'));
    if (!amendment) throw notFound('Amendment');
    const form = await readForm(c);
    return answerOnProposal(deps, c, amendment.proposalId, form, () => voteAmendment(deps, c.get('viewer'), amendment.id, form, c.get('locale')),
      `#amendment-${amendment.id}`);
  });

  pages.post('/coop/actions/:id', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const action = findAction(deps.db, c.req.param('id'));
    if (!action) throw notFound('Action');
    const form = await readForm(c);
    const actorIds = Object.keys(form).filter((key) => key.startsWith('actor:')).map((key) => key.slice(6));
    changeAction(deps, c.get('viewer'), action.id, { status: form.status, actorIds }, c.get('locale'));
    const slug = spaceOf(deps, c.get('viewer'), action.elementId).element.slug;
    return c.redirect(`/coop/${slug}/actions#action-${action.id}`, 303);
  });

  pages.get('/coop/:slug', (c) => sendPage(c, spacePage(deps, c, readSpace(deps, c.get('viewer'), c.req.param('slug')))));

  pages.get('/coop/:slug/resolutions', (c) => sendPage(c, resolutionsPage(deps, c, readSpace(deps, c.get('viewer'), c.req.param('slug')))));

  pages.get('/coop/:slug/rooms/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, roomFormPage(deps, c, spaceOf(deps, c.get('viewer'), c.req.param('slug')).element, {}));
  });

  pages.post('/coop/:slug/rooms/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { element } = spaceOf(deps, c.get('viewer'), c.req.param('slug'));
    const form = await readForm(c);
    try {
      createRoom(deps, c.get('viewer'), element.id, form, c.get('locale'));
      return c.redirect(`/coop/${element.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || isForbidden(error)) throw error;
      return sendPage(c, roomFormPage(deps, c, element, form, errors), 422);
    }
  });

  pages.get('/coop/:slug/actions', (c) => sendPage(c, actionsPage(deps, c, readSpace(deps, c.get('viewer'), c.req.param('slug')), {})));

  pages.post('/coop/:slug/actions', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = readSpace(deps, c.get('viewer'), c.req.param('slug'));
    const form = await readForm(c);
    const actorIds = Object.keys(form).filter((key) => key.startsWith('actor:')).map((key) => key.slice(6));
    const input = { title: form.title, description: form.description, dueDate: form.dueDate, actorIds };
    try {
      const action = createAction(deps, c.get('viewer'), view.element.id, input, c.get('locale'));
      return c.redirect(`/coop/${view.element.slug}/actions#action-${action.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || isForbidden(error)) throw error;
      return sendPage(c, actionsPage(deps, c, view, form, errors), 422);
    }
  });

  return pages;
}

const isForbidden = (error: unknown) => error instanceof AppError && (error.code === 'forbidden' || error.code === 'unauthenticated');

/** Runs a form's write, then back to the proposal; an expected failure shows on the proposal page with its status. */
function answerOnProposal(deps: Deps, c: Ctx, id: string, form: Values, write: () => unknown, anchor: string) {
  if (!findProposal(deps.db, id)) throw notFound('Proposal');
  try {
    write();
    return c.redirect(`/coop/proposals/${id}${anchor}`, 303);
  } catch (error) {
    const errors = formErrors(error, c.get('locale'));
    if (!errors || isForbidden(error)) throw error;
    const status = error instanceof AppError ? (error.status === 409 ? 409 : 422) : 422;
    return sendPage(c, proposalPage(deps, c, readProposal(deps, c.get('viewer'), id), errors, form), status);
  }
}

const spaceLink = (element: Element) => html`<a href=${`/coop/${element.slug}`}>${element.name}</a>`;

function spacesPage(deps: Deps, c: Ctx): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const { mine, others } = listSpaces(deps, ctx.viewer);
  const list = (elements: Element[]) => html`<ul class="coop-spaces">${elements.map((element) => html`<li data-element=${element.id}>
    ${spaceLink(element)} <small>${t(`type.${element.type}`)}</small></li>`)}</ul>`;
  return html`<${Layout} ctx=${ctx} title=${t('coop.title')}>
    <h1>${t('coop.title')}</h1>
    <p>${t('coop.intro')}</p>
    ${ctx.viewer ? html`<section class="coop-mine"><h2>${t('coop.mySpaces')}</h2>
      ${mine.length === 0 ? html`<p class="empty">${t('coop.noSpaces')}</p>` : list(mine)}</section>` : null}
    <section class="coop-others"><h2>${t('coop.otherSpaces')}</h2>
      ${others.length === 0 ? html`<p class="empty">${t('coop.noOtherSpaces')}</p>` : list(others)}</section>
  </${Layout}>`;
}

function SpaceNav({ ctx, view }: { ctx: PageContext; view: SpaceView }) {
  const slug = view.element.slug;
  return html`<nav class="coop-nav" aria-label=${ctx.t('coop.title')}>
    <a href=${`/coop/${slug}`}>${ctx.t('coop.overview')}</a> · <a href=${`/coop/${slug}/resolutions`}>${ctx.t('coop.resolutions')}</a>
    · <a href=${`/coop/${slug}/actions`}>${ctx.t('coop.actions')}</a> · <a href=${`/e/${slug}`}>${view.element.name}</a>
  </nav>`;
}

function spacePage(deps: Deps, c: Ctx, view: SpaceView): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const slug = view.element.slug;
  const today = todayIn(nowMs(), deps.box.timezone);
  return html`<${Layout} ctx=${ctx} title=${t('coop.spaceOf', { name: view.element.name })}>
    <h1>${t('coop.spaceOf', { name: view.element.name })}</h1>
    <${SpaceNav} ctx=${ctx} view=${view} />
    ${view.isParticipant ? null : html`<p class="notice">${t('coop.readOnly')}</p>`}
    <section class="coop-rooms"><h2>${t('coop.rooms')}</h2>
      ${view.rooms.length === 0 ? html`<p class="empty">${t('coop.noRooms')}</p>` : view.rooms.map((room) => html`<article class="coop-room" data-room=${room.id}>
        <h3>${room.name}</h3>
        ${room.description ? html`<p>${room.description}</p>` : null}
        <${ProposalList} ctx=${ctx} proposals=${view.open.filter((p) => p.roomId === room.id)} />
        ${view.isParticipant ? html`<p><a class="button" href=${`/coop/proposals/new?room=${room.id}`}>${t('coop.newProposal')}</a></p>` : null}
      </article>`)}
      ${view.isParticipant ? html`<p><a href=${`/coop/${slug}/rooms/new`}>${t('coop.newRoom')}</a></p>` : null}
    </section>
    <section class="coop-resolutions"><h2>${t('coop.resolutions')}</h2>
      <${ProposalList} ctx=${ctx} proposals=${view.resolutions.slice(0, 5)} />
      ${view.rejected.length > 0 ? html`<h3>${t('coop.rejected')}</h3><${ProposalList} ctx=${ctx} proposals=${view.rejected.slice(0, 5)} />` : null}
    </section>
    <section class="coop-actions-summary"><h2>${t('coop.actions')}</h2>
      <${ActionList} ctx=${ctx} actions=${view.actions.filter((a) => a.status !== 'done')} today=${today} participants=${[]} editable=${false} />
      <p><a href=${`/coop/${slug}/actions`}>${t('coop.allActions')}</a></p>
    </section>
  </${Layout}>`;
}

function roomFormPage(deps: Deps, c: Ctx, element: Element, values: Values, errors?: FieldErrors): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const action = `/coop/${element.slug}/rooms/new`;
  return html`<${Layout} ctx=${ctx} title=${t('coop.newRoom')}>
    <h1>${t('coop.newRoom')}</h1>
    <p>${spaceLink(element)}</p>
    <${FormErrorSummary} ctx=${ctx} errors=${errors} />
    <form method="post" action=${action}>
      <${Csrf} ctx=${ctx} />
      <${Field} name="name" label=${t('coop.room.name')} value=${values.name} errors=${errors} required=${true} maxlength=${80} />
      <${Field} name="description" label=${t('coop.room.description')} value=${values.description} errors=${errors} textarea=${true} maxlength=${1000} />
      <button type="submit">${t('form.create')}</button>
    </form>
  </${Layout}>`;
}

function proposalFormPage(deps: Deps, c: Ctx, roomId: string, values: Values, errors?: FieldErrors): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const room = findRoom(deps.db, roomId);
  if (!room) throw notFound('Room');
  const { element } = spaceOf(deps, ctx.viewer, room.elementId);
  return html`<${Layout} ctx=${ctx} title=${t('coop.newProposal')}>
    <h1>${t('coop.newProposal')}</h1>
    <p>${spaceLink(element)} · ${room.name}</p>
    <${FormErrorSummary} ctx=${ctx} errors=${errors} />
    <form method="post" action=${`/coop/proposals/new?room=${room.id}`}>
      <${Csrf} ctx=${ctx} />
      <${Field} name="title" label=${t('coop.proposal.title')} value=${values.title} errors=${errors} required=${true} maxlength=${160} />
      <${Field} name="body" label=${t('coop.proposal.body')} value=${values.body} errors=${errors} required=${true} textarea=${true} hint=${t('coop.proposal.bodyHint')} />
      <${Select} name="majority" label=${t('coop.proposal.majority')} value=${values.majority} errors=${errors} required=${true}
        options=${majorities.map((majority) => [majority, t(`coop.majority.${majority}`)])} />
      <${Select} name="resultsVisible" label=${t('coop.proposal.resultsVisible')} value=${values.resultsVisible} errors=${errors} required=${true}
        options=${[['after_close', t('coop.results.after_close')], ['live', t('coop.results.live')]]} />
      <div class="field"><label><input type="checkbox" name="anonymous" checked=${values.anonymous === 'on'} /> ${t('coop.proposal.anonymous')}</label>
        <small>${t('coop.proposal.anonymousHint')}</small></div>
      <button type="submit">${t('form.create')}</button>
    </form>
  </${Layout}>`;
}

function proposalPage(deps: Deps, c: Ctx, view: ProposalView, errors?: FieldErrors, values: Values = {}): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const { proposal, space } = view;
  const canSteer = space.isParticipant && (view.isAuthor || space.isAdmin);
  const closed = proposal.status === 'adopted' || proposal.status === 'rejected';
  const action = (name: string) => `/coop/proposals/${proposal.id}/${name}`;
  return html`<${Layout} ctx=${ctx} title=${proposal.title}>
    <p class="crumbs">${spaceLink(space.element)} · ${view.room.name}</p>
    <h1>${proposal.title} <${StatusBadge} ctx=${ctx} status=${proposal.status} /></h1>
    <${FormErrorSummary} ctx=${ctx} errors=${errors} />
    <dl class="facts coop-facts">
      <dt>${t('coop.proposal.majority')}</dt><dd>${t(`coop.majority.${proposal.majority}`)}</dd>
      <dt>${t('coop.proposal.ballot')}</dt><dd class="coop-anonymity" data-anonymous=${proposal.anonymous ? 'true' : 'false'}>${t(proposal.anonymous ? 'coop.anonymousVote' : 'coop.namedVote')}</dd>
      <dt>${t('coop.proposal.resultsVisible')}</dt><dd>${t(`coop.results.${proposal.resultsVisible}`)}</dd>
      ${proposal.amendUntil ? html`<dt>${t('coop.amendUntil')}</dt><dd>${when(ctx, proposal.amendUntil)}</dd>` : null}
      ${proposal.opensAt ? html`<dt>${t('coop.opensAt')}</dt><dd>${when(ctx, proposal.opensAt)}</dd>` : null}
      ${proposal.closesAt ? html`<dt>${t('coop.closesAtLabel')}</dt><dd>${when(ctx, proposal.closesAt)}</dd>` : null}
      ${proposal.closedAt ? html`<dt>${t('coop.closedAt')}</dt><dd>${when(ctx, proposal.closedAt)} (${t(`coop.clock.${proposal.closeClockSource ?? 'network'}`)})</dd>` : null}
      <dt>${t('coop.versionLabel')}</dt><dd>${proposal.version}</dd>
    </dl>
    <div class="prose coop-body" dangerouslySetInnerHTML=${{ __html: renderMarkdown(proposal.body) }} />

    ${!view.clockConfirmed && (view.closingDue || proposal.status === 'voting') ? html`<p class="notice coop-clock" role="status">${localizeMessage(ctx.locale, clockNotConfirmed)}</p>` : null}

    ${canSteer && !closed ? html`<section class="coop-steer"><h2>${t('coop.steer')}</h2>
      ${proposal.status === 'draft' ? html`<form method="post" action=${action('amending')}>
        <${Csrf} ctx=${ctx} />
        <${Field} name="amendUntil" type="datetime-local" label=${t('coop.amendUntil')} value=${values.amendUntil} errors=${errors} hint=${t('coop.amendUntilHint')} />
        <button>${t('coop.openAmendments')}</button>
      </form>` : null}
      ${proposal.status === 'draft' || proposal.status === 'amending' ? html`<form method="post" action=${action('voting')}>
        <${Csrf} ctx=${ctx} />
        <${Field} name="opensAt" type="datetime-local" label=${t('coop.opensAt')} value=${values.opensAt} errors=${errors} hint=${t('coop.opensAtHint')} />
        <${Field} name="closesAt" type="datetime-local" label=${t('coop.closesAtLabel')} value=${values.closesAt} errors=${errors} required=${true} />
        <button>${t('coop.startVote')}</button>
        ${proposal.status === 'amending' ? html`<p><small>${t('coop.startVoteHint')}</small></p>` : null}
      </form>` : null}
    </section>` : null}

    ${proposal.status === 'voting' && space.isParticipant && view.closingDue ? html`<form method="post" action=${action('close')} class="coop-close">
      <${Csrf} ctx=${ctx} /><button>${t('coop.closeNow')}</button></form>` : null}

    ${proposal.status === 'voting' ? html`<section id="vote" class="coop-vote"><h2>${t('coop.vote')}</h2>
      ${proposal.anonymous ? html`<p class="coop-anonymous-note">${t('coop.anonymousVoteHint')}</p>` : null}
      ${view.myBallot ? html`<p class="coop-my-ballot" data-choice=${view.myBallot}>${t('coop.myBallot', { choice: t(`coop.choice.${view.myBallot}`) })}</p>` : null}
      ${space.isParticipant ? html`<form method="post" action=${action('ballot')} class="coop-ballot">
        <${Csrf} ctx=${ctx} />
        <fieldset><legend>${t('coop.yourChoice')}</legend>
          ${(['for', 'against', 'blank'] as const).map((choice) => html`<label class="inline"><input type="radio" name="choice" value=${choice} required=${true}
            checked=${view.myBallot === choice} /> ${t(`coop.choice.${choice}`)}</label> `)}
        </fieldset>
        <button>${t(view.myBallot ? 'coop.changeBallot' : 'coop.castBallot')}</button>
      </form>` : html`<p>${t('coop.membersVote')}</p>`}
    </section>` : null}

    <section class="coop-results-section"><h2>${t(closed ? 'coop.result' : 'coop.liveResults')}</h2>
      ${view.results ? html`<${Results} ctx=${ctx} tally=${view.results} final=${closed} />` : html`<p>${t(proposal.status !== 'voting' ? 'coop.noVoteYet' : proposal.resultsVisible === 'live' ? 'coop.resultsForMembers' : 'coop.resultsHidden')}</p>`}
      ${view.voters && view.voters.length > 0 ? html`<h3>${t('coop.voters')}</h3><ul class="coop-voters">${view.voters.map((voter) => html`<li>${voter.name} — ${t(`coop.choice.${voter.choice}`)}</li>`)}</ul>` : null}
    </section>

    ${view.amendments.length > 0 || proposal.status === 'amending' ? html`<section class="coop-amendments"><h2>${t('coop.amendments')}</h2>
      ${view.amendments.length === 0 ? html`<p class="empty">${t('coop.noAmendments')}</p>` : html`<ul>${view.amendments.map((amendment) => html`
        <li id=${`amendment-${amendment.id}`} data-amendment=${amendment.id} data-status=${amendment.status}>
          <p><strong>${t(`coop.amendment.${amendment.mode}`)}</strong> · ${amendment.authorName ?? ''} · <span class="badge">${t(`coop.amendment.status.${amendment.status}`)}</span>
            · ${t('coop.amendment.votes', { for: amendment.votesFor, against: amendment.votesAgainst })}</p>
          <pre class="coop-text">${amendment.body}</pre>
          ${proposal.status === 'amending' && amendment.status === 'open' && space.isParticipant ? html`<form method="post" action=${`/coop/amendments/${amendment.id}/vote`} class="inline coop-amendment-vote">
            <${Csrf} ctx=${ctx} />
            ${view.myAmendmentVotes[amendment.id] ? html`<small>${t('coop.myBallot', { choice: t(`coop.choice.${view.myAmendmentVotes[amendment.id]}`) })}</small> ` : null}
            <button name="choice" value="for">${t('coop.choice.for')}</button> <button name="choice" value="against">${t('coop.choice.against')}</button>
          </form>` : null}
        </li>`)}</ul>`}
      ${proposal.status === 'amending' && space.isParticipant ? html`<form method="post" action=${action('amendments')} class="coop-amend">
        <${Csrf} ctx=${ctx} />
        <${Select} name="mode" label=${t('coop.amendment.mode')} value=${values.mode ?? 'add'} errors=${errors} required=${true}
          options=${[['add', t('coop.amendment.add')], ['replace', t('coop.amendment.replace')]]} />
        <${Field} name="body" label=${t('coop.amendment.body')} value=${values.body} errors=${errors} required=${true} textarea=${true} />
        <button>${t('coop.amendment.propose')}</button>
      </form>` : null}
    </section>` : null}

    <section class="coop-history-section"><h2>${t('coop.history')}</h2><${History} ctx=${ctx} history=${view.history} /></section>
  </${Layout}>`;
}

function resolutionsPage(deps: Deps, c: Ctx, view: SpaceView): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  return html`<${Layout} ctx=${ctx} title=${t('coop.resolutionsOf', { name: view.element.name })}>
    <h1>${t('coop.resolutionsOf', { name: view.element.name })}</h1>
    <${SpaceNav} ctx=${ctx} view=${view} />
    ${view.resolutions.length === 0 ? html`<p class="empty">${t('coop.noResolutions')}</p>` : view.resolutions.map((proposal) => html`
      <article class="coop-resolution" data-proposal=${proposal.id}>
        <h2><a href=${`/coop/proposals/${proposal.id}`}>${proposal.title}</a></h2>
        <p><small>${proposal.closedAt ? t('coop.adoptedOn', { at: when(ctx, proposal.closedAt) }) : null}
          ${proposal.tally ? html` · ${tallyLine(ctx, proposal.tally)} · ${t(`coop.majority.${proposal.majority}`)}` : null}</small></p>
        <div class="prose" dangerouslySetInnerHTML=${{ __html: renderMarkdown(proposal.body) }} />
      </article>`)}
  </${Layout}>`;
}

function actionsPage(deps: Deps, c: Ctx, view: SpaceView, values: Values, errors?: FieldErrors): VNode {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const today = todayIn(nowMs(), deps.box.timezone);
  return html`<${Layout} ctx=${ctx} title=${t('coop.actionsOf', { name: view.element.name })}>
    <h1>${t('coop.actionsOf', { name: view.element.name })}</h1>
    <${SpaceNav} ctx=${ctx} view=${view} />
    <${ActionList} ctx=${ctx} actions=${view.actions} today=${today} participants=${view.participants} editable=${view.isParticipant} />
    ${view.isParticipant ? html`<section class="coop-new-action"><h2>${t('coop.newAction')}</h2>
      <${FormErrorSummary} ctx=${ctx} errors=${errors} />
      <form method="post" action=${`/coop/${view.element.slug}/actions`}>
        <${Csrf} ctx=${ctx} />
        <${Field} name="title" label=${t('coop.action.title')} value=${values.title} errors=${errors} required=${true} maxlength=${160} />
        <${Field} name="description" label=${t('coop.action.description')} value=${values.description} errors=${errors} textarea=${true} maxlength=${2000} />
        <${Field} name="dueDate" type="date" label=${t('coop.action.dueDate')} value=${values.dueDate} errors=${errors} />
        <fieldset><legend>${t('coop.action.actors')}</legend>
          ${view.participants.map((person) => html`<label class="inline"><input type="checkbox" name=${`actor:${person.id}`} checked=${values[`actor:${person.id}`] === 'on'} /> ${person.name}</label> `)}
          ${errors?.actorIds ? html`<p class="error">${errors.actorIds}</p>` : null}
        </fieldset>
        <button type="submit">${t('form.create')}</button>
      </form>
    </section>` : null}
  </${Layout}>`;
}
