// The per-request values every handler can read with c.get(...).
import type { Context } from 'hono';
import type { Locale, Translate } from '../i18n/index.ts';
import type { Viewer } from '../../permissions/visibility.ts';

export interface AppEnv {
  Variables: {
    viewer: Viewer | null;
    /** How the viewer proved who they are: API writes with a session cookie need JSON (CSRF). */
    authBy: 'session' | 'token' | null;
    locale: Locale;
    t: Translate;
    csrf: string;
  };
}

export type Ctx = Context<AppEnv>;
