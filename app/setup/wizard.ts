// The first-boot wizard's rules: the steps, what each one accepts, the draft kept between them, and the last
// step that sets the box up in one transaction. Nothing is written before that last step; the box is "set
// up" when it has a box admin, and the same transaction creates that admin and uses the setup code.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { locales, type Locale } from '../core/i18n/index.ts';
import { text } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { createAccount, registerSchema } from '../accounts/actions.ts';
import { countBoxAdmins, findOneTimeLink, markOneTimeLinkUsed, type Account } from '../accounts/storage.ts';
import { loadBoxSettings, saveBoxSetup } from '../box/settings.ts';
import { countDemo, removeDemoContent } from '../demo/seed.ts';
import { wifiSettingsSchema, type WifiSettings } from '../wifi/network.ts';
import { boxClock } from '../core/time.ts';
import { removeSetupCodeFile } from './code.ts';
import { setClockFromBrowser, type ClockOutcome } from './clock.ts';
import type { HelperResult, PrivilegedHelper } from './privileged.ts';
import { replaceTerritory, type TerritoryChoice } from './territory.ts';

export const steps = ['name', 'territory', 'admin', 'wifi', 'time', 'summary'] as const;
export type Step = (typeof steps)[number];
export const isStep = (value: string): value is Step => steps.includes(value as Step);

export interface Draft {
  /** The setup code typed at the start (normalized), checked again in the last step's transaction. */
  code: string;
  name?: string;
  /** null: keep the current territory (the demo's, on a fresh box). */
  territory?: TerritoryChoice | null;
  removeDemo?: boolean;
  admin?: { username: string; name: string; passwordHash: string };
  wifi?: WifiSettings;
  locale?: Locale;
  timezone?: string;
  /** The admin's browser clock minus the box's, when the time step was sent with JavaScript on. */
  clockOffsetMs?: number;
  startedAt: number;
}

/** The first step still missing from the draft (or the summary once all are there). */
export function nextStep(draft: Draft): Step {
  if (draft.name === undefined) return 'name';
  if (draft.territory === undefined) return 'territory';
  if (!draft.admin) return 'admin';
  if (!draft.wifi) return 'wifi';
  if (!draft.locale || !draft.timezone) return 'time';
  return 'summary';
}

export const nameSchema = z.object({ name: text(60).trim().min(1, 'Give the box a name') }).strict();
export const adminSchema = registerSchema.omit({ setupToken: true });
export { wifiSettingsSchema };
const timeZones = new Set(Intl.supportedValuesOf('timeZone'));
export const timeSchema = z.object({
  locale: z.enum(locales, 'Choose a language'),
  timezone: z.string().refine((zone) => timeZones.has(zone), 'Choose a time zone'),
}).strict();
export const timeZoneList = () => [...timeZones].sort();

/**
 * Drafts of wizards in progress, in memory, by the hash of a random cookie: a restart only means typing the
 * code again. Few (one person sets a box up), short-lived, and never holding a password in clear.
 */
export function draftStore(options: { ttlMs?: number; max?: number } = {}) {
  const { ttlMs = 2 * 3600_000, max = 8 } = options;
  const drafts = new Map<string, Draft>();
  const key = (secret: string) => createHash('sha256').update(secret).digest('hex');
  const fresh = (draft: Draft) => performance.now() - draft.startedAt < ttlMs;
  return {
    create(code: string): string {
      for (const [id, draft] of drafts) if (!fresh(draft)) drafts.delete(id);
      if (drafts.size >= max) drafts.delete(drafts.keys().next().value!);
      const secret = randomBytes(24).toString('base64url');
      drafts.set(key(secret), { code, startedAt: performance.now() });
      return secret;
    },
    get(secret: string | undefined): Draft | null {
      const draft = secret ? drafts.get(key(secret)) : undefined;
      return draft && fresh(draft) ? draft : null;
    },
    clear() {
      drafts.clear();
    },
  };
}
export type DraftStore = ReturnType<typeof draftStore>;

export interface SetupResult {
  account: Account;
  /** null when the Wi-Fi could not be asked for (no helper: not on the box). */
  wifi: HelperResult | null;
  clock: ClockOutcome;
}

/** The last step: everything in one transaction, then the Wi-Fi and the clock through the privileged helper. */
export async function finishSetup(deps: Deps, helper: PrivilegedHelper, draft: Draft, browserMs: number): Promise<SetupResult> {
  if (nextStep(draft) !== 'summary') throw new AppError('bad_request', 'Some steps of the setup are missing');
  const { admin, wifi } = draft as Required<Draft>;
  const account = transaction(deps.db, () => {
    if (countBoxAdmins(deps.db) > 0) throw new AppError('not_found', 'This box is already set up');
    if (!findOneTimeLink(deps.db, 'setup', draft.code)) throw new AppError('not_found', 'This setup code is no longer valid');
    markOneTimeLinkUsed(deps.db, draft.code);
    const created = createAccount(deps, { ...admin, isBoxAdmin: true });
    deps.db.prepare('UPDATE accounts SET locale = ? WHERE person_id = ?').run(draft.locale!, created.personId);
    saveBoxSetup(deps.db, { name: draft.name!, locale: draft.locale!, timezone: draft.timezone!, wifi });
    if (draft.territory) replaceTerritory(deps.db, draft.territory);
    if (draft.removeDemo && countDemo(deps.db) > 0) removeDemoContent(deps.db);
    return created;
  });
  Object.assign(deps.box, loadBoxSettings(deps.db));
  removeSetupCodeFile(deps);
  const wifiResult = helper.available ? await helper.wifi(wifi) : null;
  const clock = await setClockFromBrowser(deps.db, helper, Number.isFinite(browserMs) ? browserMs : boxClock.systemMs() + (draft.clockOffsetMs ?? Number.NaN));
  return { account, wifi: wifiResult, clock };
}
