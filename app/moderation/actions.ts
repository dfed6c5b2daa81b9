// Reports and the moderation queue. Anyone signed in reports what they can read (once per thing); the
// admins of the element the content lives on (its scope) and the box admins decide: hide it (gone from
// every read path; its author is told), keep it, or restore what was hidden (its author is told). One
// transaction per decision. Reporters' names are not shown to moderators, only their reasons.
import { transaction } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import { linksFrom, linksTo } from '../links/storage.ts';
import { notify } from '../notifications/notify.ts';
import { accessTo, canSeePost, signedIn, type Viewer } from '../permissions/visibility.ts';
import { readableComment } from '../comments/actions.ts';
import { findComment, setCommentHidden } from '../comments/storage.ts';
import { commentUrl, subjectFacts } from '../comments/subjects.ts';
import { reportSchema, type Decision, type Report, type TargetRef } from './model.ts';
import {
  closeReports, countOpenReportsOn, countOpenTargets, findReport, hasReported, hiddenTargets, insertReport, openTargets,
  postForModeration, setPostHidden, type ReportedTarget, type Scopes,
} from './storage.ts';

const targetNotFound = (target: TargetRef) => notFound(target.type === 'post' ? 'Post' : 'Comment');

/** The scope of something this viewer may read and so report; null when they may not read it. */
function reportableScope(deps: Deps, viewer: Viewer, target: TargetRef): string | null {
  if (target.type === 'comment') return readableComment(deps, viewer, target.id)?.subject.scopeId ?? null;
  return canSeePost(deps.db, viewer, target.id) ? postForModeration(deps.db, target.id)?.scopeId ?? null : null;
}

/** Reports a post or a comment the reporter can read; its moderators hear of the first open report on it. */
export function reportContent(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): Report {
  const reporter = signedIn(viewer);
  const { target, reason, details } = parse(reportSchema, input, locale);
  return transaction(deps.db, () => {
    const scopeId = reportableScope(deps, reporter, target);
    if (!scopeId) throw targetNotFound(target);
    if (hasReported(deps.db, reporter.personId, target)) throw new AppError('conflict', 'You already reported this', 'target');
    const first = countOpenReportsOn(deps.db, target) === 0;
    const id = insertReport(deps.db, { target, scopeId, reporterId: reporter.personId, reason, details });
    // Told without the reporter's name (no actor), and never the reporter themselves.
    if (first) {
      const moderators = moderatorsOf(deps, scopeId).filter((personId) => personId !== reporter.personId);
      notify(deps.db, deps.live, {
        kind: 'moderation', personIds: moderators, actorId: null, subjectUrl: '/moderation',
        params: { variant: 'report', target: target.type, name: findElement(deps.db, scopeId)?.name ?? '' },
      });
    }
    return findReport(deps.db, id)!;
  });
}

/** The admins of a scope: an element's admins, or the person whose wall it is. */
function moderatorsOf(deps: Deps, scopeId: string): string[] {
  if (findElement(deps.db, scopeId)?.type === 'person') return [scopeId];
  return linksTo(deps.db, scopeId).filter((link) => link.status === 'active' && link.isAdmin).map((link) => link.fromId);
}

/** The scopes a viewer moderates: every one for a box admin (null), else the elements they administer, their own wall included. */
export function moderatedScopes(deps: Deps, viewer: Viewer): Scopes {
  if (viewer.isBoxAdmin) return null;
  const candidates = new Set([viewer.personId, ...linksFrom(deps.db, viewer.personId).filter((link) => link.status === 'active' && link.isAdmin).map((link) => link.toId)]);
  return [...candidates].filter((id) => accessTo(deps.db, viewer, id).isAdmin);
}

const canModerate = (deps: Deps, viewer: Viewer, scopeId: string) => viewer.isBoxAdmin || accessTo(deps.db, viewer, scopeId).isAdmin;

/** What was said and where, as its moderators see it (hidden or not). */
export interface ModeratedItem {
  target: TargetRef;
  /** Where it is read in context (a hidden post: its wall). */
  url: string;
  /** The name of the element it lives on (a post's wall). */
  where: string;
  author: { id: string; name: string; slug: string };
  body: string;
  createdAt: string;
  hiddenAt: string | null;
  scopeId: string;
}

function moderatedItem(deps: Deps, target: TargetRef): ModeratedItem | null {
  if (target.type === 'post') {
    const post = postForModeration(deps.db, target.id);
    if (!post) return null;
    return {
      target, url: post.hiddenAt ? `/e/${post.wallSlug}` : `/posts/${target.id}`, where: findElement(deps.db, post.scopeId)?.name ?? '',
      author: { id: post.authorId, name: post.authorName, slug: post.authorSlug }, body: post.body, createdAt: post.createdAt,
      hiddenAt: post.hiddenAt, scopeId: post.scopeId,
    };
  }
  const comment = findComment(deps.db, target.id);
  const subject = comment && !comment.deletedAt ? subjectFacts(deps, comment.subject) : null;
  const author = comment ? findElement(deps.db, comment.authorId) : null;
  if (!comment || !subject) return null;
  return {
    target, url: comment.hiddenAt ? subject.url : commentUrl(subject, comment.id), where: subject.name,
    author: { id: comment.authorId, name: author?.name ?? '', slug: author?.slug ?? '' }, body: comment.body, createdAt: comment.createdAt,
    hiddenAt: comment.hiddenAt, scopeId: subject.scopeId,
  };
}

export interface QueueEntry extends ModeratedItem {
  reasons: ReportedTarget['reasons'];
  firstReportedAt: string;
}

export interface ModerationQueue {
  /** Reported and waiting for a decision, the longest waiting first. */
  open: QueueEntry[];
  /** Hidden after a report, the latest first: what may be restored. */
  hidden: QueueEntry[];
}

const queueLimit = 200;

export function moderationQueue(deps: Deps, viewer: Viewer | null): ModerationQueue {
  const scopes = moderatedScopes(deps, signedIn(viewer));
  const entries = (targets: ReportedTarget[]) => targets.flatMap((reported) => {
    const item = moderatedItem(deps, reported.target);
    return item ? [{ ...item, reasons: reported.reasons, firstReportedAt: reported.firstAt }] : [];
  });
  return {
    open: entries(openTargets(deps.db, scopes, queueLimit)),
    hidden: entries(hiddenTargets(deps.db, scopes, queueLimit)).filter((entry) => entry.hiddenAt !== null),
  };
}

/** How many reported things wait for this viewer's decision (in one scope, or in all they moderate). */
export function openReportCount(deps: Deps, viewer: Viewer | null, scopeId?: string): number {
  if (!viewer) return 0;
  if (scopeId !== undefined) return canModerate(deps, viewer, scopeId) ? countOpenTargets(deps.db, [scopeId]) : 0;
  const scopes = moderatedScopes(deps, viewer);
  return scopes?.length === 0 ? 0 : countOpenTargets(deps.db, scopes);
}

/** A moderator's decision on a post or a comment, in one transaction; the author hears of hiding and restoring. */
export function decide(deps: Deps, viewer: Viewer | null, target: TargetRef, decision: Decision): ModeratedItem {
  const moderator = signedIn(viewer);
  return transaction(deps.db, () => {
    const item = moderatedItem(deps, target);
    if (!item) throw targetNotFound(target);
    if (!canModerate(deps, moderator, item.scopeId)) {
      if (reportableScope(deps, moderator, target)) throw forbidden('Only the admins of this page or of the box can moderate it');
      throw targetNotFound(target);
    }
    if (decision === 'keep') {
      if (closeReports(deps.db, target, 'open', 'kept', moderator.personId) === 0) throw new AppError('conflict', 'There is no open report on this');
    } else if (decision === 'hide') {
      if (item.hiddenAt) throw new AppError('conflict', 'This is already hidden');
      if (closeReports(deps.db, target, 'open', 'hidden', moderator.personId) === 0) throw new AppError('conflict', 'There is no open report on this');
      setHidden(deps, target, moderator.personId);
    } else {
      if (!item.hiddenAt) throw new AppError('conflict', 'This is not hidden');
      setHidden(deps, target, null);
      closeReports(deps.db, target, 'hidden', 'kept', moderator.personId);
    }
    const after = moderatedItem(deps, target)!;
    if (decision !== 'keep') {
      notify(deps.db, deps.live, {
        // No actor: "the moderators" decided, so no volunteer is singled out to the person concerned.
        kind: 'moderation', personIds: [item.author.id], actorId: null, subjectUrl: after.url,
        params: { variant: decision === 'hide' ? 'hidden' : 'restored', target: target.type, name: item.where },
      });
    }
    return after;
  });
}

const setHidden = (deps: Deps, target: TargetRef, by: string | null) =>
  target.type === 'post' ? setPostHidden(deps.db, target.id, by) : setCommentHidden(deps.db, target.id, by);
