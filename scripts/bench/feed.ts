// Feed figures: the territory's live feed (GET /api/v1/live and the /live page), its first page and a
// page about 4,000 items deep, for an anonymous visitor and for a signed-in one, and the signed-in
// person's own feed, on the bench box's 100,000 elements and 200,000 posts (scripts/bench/synthetic-posts.ts),
// one client at a time, beside the Hono hello world measured in the same run (run.ts). The signed-in
// visitor is an account registered on the running box that follows forty organizations of the territory.
import { getJson, type LoadResult, type Target } from './load.ts';
import { figure, type Figure } from './report.ts';

export interface FeedCase {
  name: string;
  next: () => Target;
  /** One of the paths measured, for the report. */
  example: string;
}

/** Pages of 100 walked to reach the deep pages: about 4,000 items below the newest. */
const pagesToDepth = 40;

/** Registers a person on the running box and has them follow organizations of the zone; returns their session cookie. */
async function signedInVisitor(port: number, zone: string): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const registered = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: `bench-feed-${process.pid}`, password: 'correct horse battery staple' }),
  });
  if (registered.status !== 201) throw new Error(`register answered ${registered.status}: ${await registered.text()}`);
  const cookie = registered.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
  const organizations = await getJson<{ items: { id: string }[] }>(port, `/api/v1/elements?type=organization&zone=${zone}&limit=40`);
  for (const { id } of organizations.items) {
    const followed = await fetch(`${base}/api/v1/elements/${id}/follow`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    if (followed.status !== 201) throw new Error(`follow answered ${followed.status}`);
  }
  return cookie;
}

/** Cursors of the live feed between 3,000 and 4,000 items deep, found by following nextCursor like a client. */
async function deepCursors(port: number, zone: string, cookie?: string): Promise<string[]> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < pagesToDepth; page++) {
    const response: Response = await fetch(`http://127.0.0.1:${port}/api/v1/live?zone=${zone}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      { headers: cookie ? { cookie } : {} });
    const body = (await response.json()) as { nextCursor: string | null };
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
    if (page >= pagesToDepth * 0.75) cursors.push(cursor);
  }
  if (cursors.length === 0) throw new Error('the live feed has no deep pages: are the posts in the bench box?');
  return cursors;
}

/** The feed requests to measure, each a target generator for run.ts's latency load. */
export async function feedCases(port: number, zone: string, random: () => number): Promise<FeedCase[]> {
  const cookie = await signedInVisitor(port, zone);
  const anonymousDeep = await deepCursors(port, zone);
  const signedDeep = await deepCursors(port, zone, cookie);
  const pick = (list: string[]) => list[Math.floor(random() * list.length)];
  const first = `/api/v1/live?zone=${zone}&limit=20`;
  const cases: { name: string; path: () => string; cookie?: string }[] = [
    { name: 'live API first page, anonymous', path: () => first },
    { name: 'live API deep page, anonymous', path: () => `${first}&cursor=${pick(anonymousDeep)}` },
    { name: 'live API first page, signed in', path: () => first, cookie },
    { name: 'live API deep page, signed in', path: () => `${first}&cursor=${pick(signedDeep)}`, cookie },
    { name: 'live page, anonymous', path: () => `/live?zone=${zone}` },
    { name: 'my feed API, signed in', path: () => '/api/v1/feed?limit=20', cookie },
  ];
  return cases.map((item) => ({
    name: item.name, example: item.path(),
    next: () => ({ path: item.path(), category: 'feed', ...(item.cookie ? { cookie: item.cookie } : {}) }),
  }));
}

/** p95 of each case beside the Hono hello world's, with the issue's aim of tens of milliseconds. */
export function feedFigures(results: { name: string; example: string; load: LoadResult }[], hono: LoadResult): Figure[] {
  return results.map(({ name, example, load }) => figure({
    id: `feed_${name.replace(/\W+/g, '_')}_p95`, title: `Feed: ${name}, p95, 1 client`, unit: 'ms',
    value: load.p95Ms, baseline: hono.p95Ms, baselineName: 'Hono hello world',
    target: { comparison: '<=', value: 50 },
    details: { path: example, p50Ms: load.p50Ms, p99Ms: load.p99Ms, rps: load.rps, errors: load.errors, statuses: load.statuses },
  }));
}
