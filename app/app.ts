// The one place where concepts are wired together: every URL of the box is mounted here.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError, notFound } from './core/errors.ts';
import type { AppEnv } from './core/http/env.ts';
import { apiCsrfGuard } from './core/http/api-guard.ts';
import type { Deps } from './deps.ts';
import { requestContext } from './accounts/session.ts';
import { failureLimiter } from './accounts/rate-limit.ts';
import { accountsApi } from './accounts/api.ts';
import { accountsPages } from './accounts/pages.ts';
import { elementsApi } from './elements/api.ts';
import { elementsPages } from './elements/pages.ts';
import { linksApi } from './links/api.ts';
import { linksPages } from './links/pages.ts';
import { exportApi } from './export/api.ts';
import { searchApi } from './search/api.ts';
import { searchPages } from './search/pages.ts';
import { zonesApi, zonesPages } from './zones/pages.ts';
import { mapApi } from './map/api.ts';
import { mapPages } from './map/pages.ts';
import { basemapTiles } from './map/basemap.ts';
import { zoneTiles } from './map/tiles.ts';
import { adminPages } from './admin/pages.ts';
import { backupPages, uploadPath as backupUploadPath } from './backup/pages.ts';
import { updatePages, updateUploadPath } from './update/pages.ts';
import { homePage } from './web/home.ts';
import { staticAssets } from './web/assets.ts';
import { openApiDocument } from './openapi/document.ts';
import { renderErrorPage } from './web/error-page.ts';
import { localizeMessage } from './core/i18n/messages.ts';
import { wifiPosterPages } from './wifi/poster.ts';
import { enteredClients } from './portal/entered.ts';
import { portalGate } from './portal/gate.ts';
import { portalApi } from './portal/api.ts';
import { portalPages } from './portal/pages.ts';
import { setupPages, setupRedirect } from './setup/pages.ts';
import { icalApi, isIcsUpload } from './agenda/ical/api.ts';
import { icalPages } from './agenda/ical/pages.ts';
import { roomsApi } from './rooms/api.ts';
import { roomsPages } from './rooms/pages.ts';
import { agendaApi } from './agenda/api.ts';
import { agendaPages } from './agenda/pages.ts';
import { postsApi } from './posts/api.ts';
import { postsPages } from './posts/pages.ts';
import { isPostUpload } from './posts/upload.ts';
import { isMarketUpload } from './marketplace/upload.ts';
import { feedsApi } from './feeds/api.ts';
import { feedsPages } from './feeds/pages.ts';
import { commentsApi } from './comments/api.ts';
import { commentsPages } from './comments/pages.ts';
import { moderationApi } from './moderation/api.ts';
import { moderationPages } from './moderation/pages.ts';
import { mediaApi } from './media/api.ts';
import { mediaPages } from './media/pages.ts';
import { mediaFiles } from './media/serve.ts';
import { isMediaUpload } from './media/upload.ts';
import { notificationsApi } from './notifications/api.ts';
import { notificationsPages } from './notifications/pages.ts';
import { graphApi } from './graph/api.ts';
import { graphPages } from './graph/pages.ts';
import { coopApi } from './coop/api.ts';
import { coopPages } from './coop/pages.ts';
import { marketApi } from './marketplace/api.ts';
import { marketPages } from './marketplace/pages.ts';
import { messagesApi } from './messages/api.ts';
import { messagesPages } from './messages/pages.ts';
import { netmapsApi } from './netmaps/api.ts';
import { netmapsPages } from './netmaps/pages.ts';
import { onepageApi } from './onepage/api.ts';
import { onepagePages } from './onepage/pages.ts';
import { modulesApi } from './modules/api.ts';
import { boxPages } from './box/pages.ts';
import { aidApi } from './aid/api.ts';
import { aidPages } from './aid/pages.ts';
import { moduleGate } from './modules/gate.ts';
import { importsApi } from './imports/api.ts';
import { syncApi } from './sync/api.ts';
import { syncBundleApi } from './sync/bundle-api.ts';
import { syncPages } from './sync/pages.ts';
import { isSyncPush, syncRoutes } from './sync/http.ts';
import { furtherRoutes } from './sync/further-routes.ts';
import { importsPages } from './imports/pages.ts';
import { isImportUpload } from './imports/upload.ts';

export interface AppOptions {
  dbPath: string;
  /** Set false while the server starts: /readyz answers 503 until then. */
  isReady?: () => boolean;
}

export function createApp(deps: Deps, options: AppOptions) {
  const app = new Hono<AppEnv>();
  const loginLimiter = failureLimiter();
  const entered = enteredClients({ ttlMs: deps.config.portal.hours * 3600_000 });

  // First of all: a Wi-Fi client asking for another site (a connectivity probe) gets the captive portal.
  app.use(portalGate(deps, entered));
  // An unconfigured box (COPI_WIZARD=1, no admin yet) sends the pages asked for to its first-boot wizard.
  app.use(setupRedirect(deps));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', (c) => {
    const ready = (options.isReady?.() ?? true) && deps.db.open;
    return c.json({ status: ready ? 'ready' : 'starting' }, ready ? 200 : 503);
  });
  app.route('/assets', staticAssets());

  const limitBody = bodyLimit({
    maxSize: deps.config.bodyLimit,
    onError: () => { throw new AppError('payload_too_large', `The request body is larger than ${deps.config.bodyLimit} bytes`); },
  });
  // Only requests that may carry a body: reading `body` makes the Node adapter build a full Request,
  // which cost a GET page about a tenth of its time. A backup's or an .ics upload has its own, larger limit;
  // a media upload is counted while it streams (app/media/upload.ts).
  app.use(async function bodyLimitForWrites(c, next) {
    return c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path === backupUploadPath || c.req.path === updateUploadPath || isIcsUpload(c.req.path) || isMediaUpload(c.req.method, c.req.path)
      || isImportUpload(c.req.method, c.req.path) || isSyncPush(c.req.method, c.req.path)
      || isPostUpload(c.req.path, c.req.header('content-type')) || isMarketUpload(c.req.method, c.req.path, c.req.header('content-type'))
      ? next() : limitBody(c, next);
  });
  app.use(requestContext(deps));
  app.use(moduleGate(deps));

  // Boxes calling this one (signed requests, app/sync/): no session, no CSRF token.
  app.route('/', syncRoutes(deps));
  app.route('/', furtherRoutes(deps));
  app.use('/api/*', apiCsrfGuard());
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  app.route('/api/v1', accountsApi(deps, loginLimiter));
  app.route('/api/v1', exportApi(deps, options.dbPath));
  app.route('/api/v1', linksApi(deps));
  app.route('/api/v1', searchApi(deps));
  app.route('/api/v1', zonesApi(deps));
  app.route('/api/v1', mapApi(deps));
  app.route('/api/v1', icalApi(deps));
  app.route('/api/v1/elements', elementsApi(deps));
  app.route('/api/v1', portalApi(deps, entered));
  app.route('/api/v1', roomsApi(deps));
  app.route('/api/v1', agendaApi(deps));
  app.route('/api/v1', postsApi(deps));
  app.route('/api/v1', feedsApi(deps));
  app.route('/api/v1', commentsApi(deps));
  app.route('/api/v1', moderationApi(deps));
  app.route('/api/v1', mediaApi(deps));
  app.route('/api/v1', notificationsApi(deps));
  app.route('/api/v1', graphApi(deps));
  app.route('/api/v1', coopApi(deps));
  app.route('/api/v1', marketApi(deps));
  app.route('/api/v1', messagesApi(deps));
  app.route('/api/v1', netmapsApi(deps));
  app.route('/api/v1', onepageApi(deps));
  app.route('/api/v1', modulesApi(deps));
  app.route('/api/v1', aidApi(deps));
  app.route('/api/v1', importsApi(deps));
  app.route('/api/v1', syncApi(deps));
  app.route('/api/v1', syncBundleApi(deps));

  app.get('/', homePage(deps));
  app.route('/', portalPages(deps, entered));
  app.route('/', setupPages(deps, failureLimiter({ maxFailures: 5 })));
  app.route('/', accountsPages(deps, loginLimiter));
  app.route('/', linksPages(deps));
  app.route('/', adminPages(deps, options.dbPath));
  app.route('/', backupPages(deps));
  app.route('/', updatePages(deps));
  app.route('/', importsPages(deps));
  app.route('/', syncPages(deps));
  app.route('/', wifiPosterPages(deps));
  app.route('/', searchPages(deps));
  app.route('/', zonesPages(deps));
  app.route('/', mapPages(deps));
  app.route('/', zoneTiles(deps));
  app.route('/', basemapTiles(deps));
  app.route('/', roomsPages(deps));
  app.route('/', agendaPages(deps));
  app.route('/', postsPages(deps));
  app.route('/', feedsPages(deps));
  app.route('/', commentsPages(deps));
  app.route('/', moderationPages(deps));
  app.route('/', notificationsPages(deps));
  app.route('/', graphPages(deps));
  app.route('/', coopPages(deps));
  app.route('/', marketPages(deps));
  app.route('/', messagesPages(deps));
  app.route('/', netmapsPages(deps));
  app.route('/', onepagePages(deps));
  app.route('/', boxPages(deps));
  app.route('/', aidPages(deps));
  app.route('/', icalPages(deps));
  app.route('/', mediaPages(deps));
  app.route('/', mediaFiles(deps));
  app.route('/', elementsPages(deps));

  app.notFound(() => { throw notFound('Page'); });
  app.onError((error, c) => {
    const isApi = c.req.path.startsWith('/api/') || c.req.path.startsWith('/sync/') || c.req.path === '/search/v1';
    if (!(error instanceof AppError)) {
      console.error(`${c.req.method} ${c.req.path} failed:`, error);
      const internal = new AppError('bad_request', 'Internal error');
      return isApi ? c.json({ error: { code: 'internal', message: 'Internal error' } }, 500) : c.html(renderErrorPage(deps, c, internal), 500);
    }
    const locale = c.get('locale') ?? 'en';
    const body = error.toJSON();
    // Another box reads /sync/ answers: in English, which it translates for its own admin.
    if (!c.req.path.startsWith('/sync/') && c.req.path !== '/search/v1') body.error.message = localizeMessage(locale, body.error.message);
    return isApi ? c.json(body, error.status) : c.html(renderErrorPage(deps, c, error), error.status);
  });
  return app;
}
