// npm run bench: the real server, started as its own process on a 100,000-element box, against
// hello-world baselines measured in the same run on the same machine. See ./README.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../app/core/db/database.ts';
import type { ElementType } from '../../app/elements/model.ts';
import { seededRandom } from '../../app/demo/seed.ts';
import { copyDatasetTo, ensureDataset } from './synthetic.ts';
import { buildAssetsIfStale } from '../build-assets.ts';
import { buildZonesIfStale } from '../build-zones.ts';
import { getJson, runLoad, type LoadResult, type Target } from './load.ts';
import {
  cpuPlan, freePort, killAllNow, pinSelf, readCpuSeconds, readMemory, sampleMemory, startNode, stop, stopAll, waitReady, type Child,
} from './processes.ts';
import { figure, machineInfo, writeReport, type Figure } from './report.ts';
import { rawFtsLatency, searchCases, searchTarget, type SearchCase } from './search.ts';
import { clusterTarget, clusterViews, firstMapViewBytes, zoneDatabaseBuild } from './map.ts';
import { agendaCases, agendaTarget, prepareAgendaData } from './agenda.ts';
import { icsFigures, measureIcsExport, prepareIcsData } from './ical.ts';
import { roomBookingBench } from './rooms.ts';
import { marketplaceBench, marketplaceFigures } from './marketplace.ts';
import { aidMatchingBench, aidMatchingFigures } from './aid.ts';
import { benchEmbedBytes, embedFigures } from './embed.ts';
import { benchTally } from './coop.ts';
import { importBench, importFigures } from './imports.ts';
import { feedCases, feedFigures } from './feed.ts';
import { notificationFigures, notificationsBench } from './notifications.ts';
import { syncBench, syncFigures } from './sync.ts';
import { currentAnchor } from './synthetic.ts';

const root = join(import.meta.dirname, '../..');
/** The types the synthetic box holds in bulk (ads, mutual aid and their figures have their own benches). */
const elementTypes: ElementType[] = ['person', 'organization', 'project', 'event', 'poi'];
const epci = 'epci:242600492';

/** Durations in milliseconds; the whole run stays near 1.5 minutes plus the first build of the database. */
const plan = {
  startRounds: 3,
  connections: 50,
  warmupMs: 2000,
  loadMs: 10_000,
  latencyWarmupMs: 1000,
  latencyMs: 4000,
  latencyConnections: 1,
  /** Cursors are collected 200 rows a page, so the timed pages reach 8,000 rows deep. */
  pagesPerCursorWalk: 40,
};

export async function runBench(args: string[]) {
  const startedAt = performance.now();
  const log = (line: string) => console.log(`[bench ${((performance.now() - startedAt) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  const machine = machineInfo();
  const cpu = cpuPlan();
  if (cpu.pinned) pinSelf(cpu.clientCpu);
  const serverCpu = cpu.pinned ? cpu.serverCpu : null;
  // The build runs first, before any child or temp folder exists, so Ctrl-C stops it at once.
  buildAssetsIfStale();
  buildZonesIfStale({ log });
  const dataset = ensureDataset(join(root, 'bench/.cache'), { rebuild: args.includes('--rebuild'), log });
  // Every process started from here keeps Node's compile cache where a box does (its CacheDirectory):
  // kept from run to run, so a start is measured as a box's restart, not its very first one.
  process.env.NODE_COMPILE_CACHE ??= join(root, 'bench/.cache/compile');
  log(dataset.fromCache ? `Synthetic box from cache: ${dataset.path}` : `Synthetic box built in ${dataset.seconds.toFixed(1)} s`);
  const work = mkdtempSync(join(tmpdir(), 'copi-bench-'));
  const cleanUp = () => { killAllNow(); rmSync(work, { recursive: true, force: true }); };
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => { cleanUp(); process.exit(130); });

  try {
    const dataDir = join(work, 'data');
    const dbPath = copyDatasetTo(dataset.path, dataDir);
    const agendaData = prepareAgendaData(dbPath);
    const icsData = prepareIcsData(dbPath);
    // A fresh build and copy leave hundreds of MB of dirty pages; their write-back would steal the
    // server's CPU and stall its fsyncs during the first measurements (seen: 140 instead of 700 pages/s).
    execFileSync('sync');
    const slugs = publicSlugs(dbPath);
    const random = seededRandom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

    const boxEnv = { COPI_DATA: dataDir, COPI_DEMO: '0' };
    const nodeFlags = boxNodeFlags();
    log(`Node flags of the box (from npm start), given to the baselines too: ${nodeFlags.join(' ') || 'none'}`);
    const start = async (label: string, script: string, env: Record<string, string> = {}) => {
      const port = await freePort();
      const t0 = performance.now();
      const child = startNode({ label, script, cwd: root, env, port, cpu: serverCpu, nodeFlags });
      const readyMs = await waitReady(child, t0);
      return { child, readyMs };
    };
    const box = () => start('CoPi server', 'scripts/start.ts', boxEnv);
    const bareHello = () => start('node:http hello world', 'scripts/bench/hello-node.ts');
    const honoHello = () => start('Hono hello world', 'scripts/bench/hello-hono.ts');

    // 4. Start-up: alternate the box and the bare hello world, keep the median.
    log(`Start-up: ${plan.startRounds} rounds of box and hello worlds`);
    const startTimes = { box: [] as number[], bare: [] as number[], hono: [] as number[], boxIdleRssKiB: [] as number[] };
    for (let round = 0; round < plan.startRounds; round++) {
      for (const [name, starter] of [['bare', bareHello], ['hono', honoHello], ['box', box]] as const) {
        const { child, readyMs } = await starter();
        startTimes[name].push(readyMs);
        if (name === 'box') startTimes.boxIdleRssKiB.push(readMemory(child.pid).rssKiB);
        await stop(child);
      }
    }

    // 1. Peak memory under 50 clients: element pages and list API, mixed.
    log('Memory under load: the box');
    const server = await box();
    const cursors = await walkCursors(server.child.port);
    const listPath = () => {
      const roll = random();
      if (roll < 0.4) return `/api/v1/elements?type=${pick(elementTypes)}&limit=50`;
      if (roll < 0.7) return pick(cursors.byType);
      if (roll < 0.85) return `/api/v1/elements?zone=${epci}&limit=50`;
      return pick(cursors.byZone);
    };
    const mixed = (): Target => (random() < 0.7 ? { path: `/e/${pick(slugs)}`, category: 'page' } : { path: listPath(), category: 'list' });
    const boxMixed = await measuredLoad(server.child, { connections: plan.connections, warmupMs: plan.warmupMs, durationMs: plan.loadMs, next: mixed });
    log(`  box: peak RSS ${mib(boxMixed.memory.hwmKiB)} MiB, ${boxMixed.load.rps} req/s, server CPU ${boxMixed.cpuPercent}%`);

    // 2. Element pages per second, then 3. list latency, on the same (warm) box.
    log('Element pages per second: the box');
    const page = (): Target => ({ path: `/e/${pick(slugs)}`, category: 'page' });
    const boxPages = await measuredLoad(server.child, { connections: plan.connections, warmupMs: plan.warmupMs, durationMs: plan.loadMs, next: page });
    log(`  box: ${boxPages.load.rps} pages/s, server CPU ${boxPages.cpuPercent}%`);
    const listVariants: Record<string, () => Target> = {
      'type': () => ({ path: `/api/v1/elements?type=${pick(elementTypes)}&limit=50`, category: 'list' }),
      'type+cursor': () => ({ path: pick(cursors.byType), category: 'list' }),
      'zone': () => ({ path: `/api/v1/elements?zone=${epci}&limit=50`, category: 'list' }),
      'zone+type': () => ({ path: `/api/v1/elements?zone=${epci}&type=${pick(elementTypes)}&limit=50`, category: 'list' }),
      'zone+cursor': () => ({ path: pick(cursors.byZone), category: 'list' }),
    };
    const boxLists: Record<string, LoadResult> = {};
    for (const [name, next] of Object.entries(listVariants)) {
      log(`List API latency: ${name}`);
      boxLists[name] = (await measuredLoad(server.child, latencyLoad(next))).load;
    }
    const boxSearches: { searchCase: SearchCase; api: LoadResult; raw: ReturnType<typeof rawFtsLatency> }[] = [];
    for (const searchCase of searchCases(epci)) {
      log(`Search latency: ${searchCase.name}`);
      const api = (await measuredLoad(server.child, latencyLoad(searchTarget(searchCase)))).load;
      boxSearches.push({ searchCase, api, raw: rawFtsLatency(dbPath, searchCase.terms, plan.latencyMs) });
    }
    const boxClusters: { name: string; path: string; load: LoadResult }[] = [];
    for (const view of clusterViews) {
      log(`Map clusters: ${view.name}`);
      boxClusters.push({ ...view, load: (await measuredLoad(server.child, latencyLoad(clusterTarget(view.path)))).load });
    }
    const boxAgenda: { name: string; path: string; load: LoadResult }[] = [];
    for (const view of agendaCases(currentAnchor(), epci)) {
      log(`Agenda: ${view.name}`);
      boxAgenda.push({ ...view, load: (await measuredLoad(server.child, latencyLoad(agendaTarget(view.path)))).load });
    }
    const boxFeed: { name: string; example: string; load: LoadResult }[] = [];
    for (const view of await feedCases(server.child.port, epci, seededRandom(11))) {
      log(`Feed: ${view.name}`);
      boxFeed.push({ ...view, load: (await measuredLoad(server.child, latencyLoad(view.next))).load });
    }
    log('iCalendar: export of 5,000 events');
    const icsExport = await measureIcsExport(server.child);
    const mapBytes = await firstMapViewBytes(server.child.port);
    const boxAfter = readMemory(server.child.pid);
    await stop(server.child);
    log('Zone database: a fresh build');
    const zoneBuild = zoneDatabaseBuild();

    log('Memory under load: node:http hello world');
    const bare = await bareHello();
    const bareMixed = await measuredLoad(bare.child, { connections: plan.connections, warmupMs: plan.warmupMs, durationMs: plan.loadMs, next: mixed });
    await stop(bare.child);

    log('Requests per second and latency: Hono hello world');
    const hono = await honoHello();
    const honoPages = await measuredLoad(hono.child, { connections: plan.connections, warmupMs: plan.warmupMs, durationMs: plan.loadMs, next: page });
    const honoLatency = (await measuredLoad(hono.child, latencyLoad(listVariants.type))).load;
    await stop(hono.child);

    log('Rooms: booking a slot in a room with 5,000 bookings (a box in this process)');
    const rooms = await roomBookingBench();
    log('Marketplace: lists of 20,000 ads (a box in this process)');
    const market = await marketplaceBench();
    log('Mutual aid: matching a new need against 20,000 offers (a box in this process)');
    const aid = await aidMatchingBench();
    log('Network maps: first load of an embedded map in chromium, against the full map page');
    const embed = await benchEmbedBytes();
    log('Cooperative space: tally of a vote with 5,000 ballots (a box in this process)');
    const coop = await benchTally();
    log('Imports: 100,000 rows of an RNA register, then the same file again (a process of its own)');
    const imports = await importBench();
    log('Notifications: 200 open live streams, and a write until its event arrives (a fresh box process)');
    const notifications = await notificationsBench({ cpu: serverCpu, nodeFlags });
    log('Federation: first sync of 10,000 elements between two boxes, 10 changes, search further (three box processes)');
    const sync = await syncBench({ cpus: cpu.pinned ? { a: cpu.serverCpu, others: cpu.clientCpu } : null, nodeFlags });

    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const figures: Figure[] = [
      figure({
        id: 'peak_rss', title: 'Peak RSS, 50 clients, pages + list API', unit: 'MiB',
        value: boxMixed.memory.hwmKiB / 1024, baseline: bareMixed.memory.hwmKiB / 1024, baselineName: 'node:http hello world',
        target: { comparison: '<=', ratio: 1.6 },
        details: {
          box: { ...boxMixed.memory, rps: boxMixed.load.rps, byCategory: boxMixed.load.byCategory, errors: boxMixed.load.errors, statuses: boxMixed.load.statuses },
          baseline: { ...bareMixed.memory, rps: bareMixed.load.rps },
          boxIdleRssAfterStartKiB: median(startTimes.boxIdleRssKiB),
          boxRssAtEndKiB: boxAfter.rssKiB, boxHwmAtEndKiB: boxAfter.hwmKiB,
        },
      }),
      figure({
        id: 'element_page_rps', title: 'Element pages /e/<slug>, 50 clients', unit: 'req/s',
        value: boxPages.load.rps, baseline: honoPages.load.rps, baselineName: 'Hono hello world',
        target: { comparison: '>=', ratio: 0.25 },
        details: {
          box: { p50Ms: boxPages.load.p50Ms, p95Ms: boxPages.load.p95Ms, cpuPercent: boxPages.cpuPercent, errors: boxPages.load.errors, statuses: boxPages.load.statuses, meanBytes: Math.round(boxPages.load.bytes / Math.max(1, boxPages.load.requests)) },
          baseline: { p50Ms: honoPages.load.p50Ms, p95Ms: honoPages.load.p95Ms, cpuPercent: honoPages.cpuPercent },
        },
      }),
      ...Object.entries(boxLists).flatMap(([name, result]) => (['p50Ms', 'p95Ms'] as const).map((quantile) => figure({
        id: `list_${name.replace('+', '_')}_${quantile.slice(0, 3)}`,
        title: `List API ${name} (limit 50) ${quantile.slice(0, 3)}, 1 client`, unit: 'ms',
        value: result[quantile], baseline: honoLatency[quantile], baselineName: 'Hono hello world',
        target: null,
        details: quantile === 'p50Ms' ? { rps: result.rps, p99Ms: result.p99Ms, maxMs: result.maxMs, errors: result.errors, statuses: result.statuses } : undefined,
      }))),
      ...boxSearches.flatMap(({ searchCase, api, raw }) => [
        figure({
          id: `search_${searchCase.name.replace(/\W+/g, '_')}_p95`, title: `Search ${searchCase.name} p95, 1 client`, unit: 'ms',
          value: api.p95Ms, baseline: raw.p95Ms, baselineName: 'raw FTS5 query, in process',
          target: { comparison: '<=', ratio: 3 },
          details: { path: searchCase.path, terms: searchCase.terms, api: { p50Ms: api.p50Ms, p99Ms: api.p99Ms, rps: api.rps, errors: api.errors, statuses: api.statuses }, raw },
        }),
        figure({
          id: `search_${searchCase.name.replace(/\W+/g, '_')}_p95_abs`, title: `Search ${searchCase.name} p95 (absolute)`, unit: 'ms',
          value: api.p95Ms, baseline: raw.p95Ms, baselineName: 'raw FTS5 query, in process',
          target: { comparison: '<=', value: 15 },
        }),
      ]),
      ...boxClusters.map((view) => figure({
        id: `clusters_${view.name.split(' ')[0]}_p95`, title: `Map clusters, ${view.name}, p95, 1 client`, unit: 'ms',
        value: view.load.p95Ms, baseline: honoLatency.p95Ms, baselineName: 'Hono hello world',
        target: { comparison: '<=', value: 20 },
        details: { path: view.path, p50Ms: view.load.p50Ms, rps: view.load.rps, errors: view.load.errors, statuses: view.load.statuses },
      })),
      ...icsFigures(icsExport, icsData),
      figure({
        id: 'room_booking_p95', title: `Booking a room slot, ${rooms.existingBookings} bookings in the room, p95, 1 client`, unit: 'ms',
        value: rooms.book.p95Ms, baseline: rooms.healthz.p95Ms, baselineName: 'same box, GET /healthz', target: null,
        details: { book: rooms.book, conflict: rooms.conflict, weekView: rooms.weekView, healthz: rooms.healthz },
      }),
      figure({
        id: 'room_conflict_p95', title: 'A booking refused for a conflict (409), p95, 1 client', unit: 'ms',
        value: rooms.conflict.p95Ms, baseline: rooms.healthz.p95Ms, baselineName: 'same box, GET /healthz', target: null, details: {},
      }),
      ...notificationFigures(notifications),
      ...marketplaceFigures(market),
      ...aidMatchingFigures(aid),
      ...embedFigures(embed),
      ...importFigures(imports),
      ...syncFigures(sync),
      figure({ id: 'coop_tally_p95', title: coop.name, unit: 'ms', value: coop.value, baseline: coop.baseline, baselineName: coop.baselineName, target: null, details: coop.details }),
      ...boxAgenda.map((view) => figure({
        id: `agenda_${view.name.replace(/\W+/g, '_')}_p95`, title: `Agenda ${view.name} p95, 1 client`, unit: 'ms',
        value: view.load.p95Ms, baseline: honoLatency.p95Ms, baselineName: 'Hono hello world',
        target: null,
        details: { path: view.path, p50Ms: view.load.p50Ms, rps: view.load.rps, errors: view.load.errors, statuses: view.load.statuses, data: agendaData },
      })),
      ...feedFigures(boxFeed, honoLatency),
      figure({
        id: 'first_map_view_kb', title: 'First map view (HTML, CSS, JS, zone tiles, clusters)', unit: 'KB',
        value: mapBytes.total / 1024, baseline: (mapBytes.parts['/assets/build/leaflet/leaflet.js'] ?? 0) / 1024, baselineName: 'Leaflet alone',
        target: { comparison: '<=', value: 200 }, details: { bytes: mapBytes.parts, note: 'bytes on the wire with Accept-Encoding: gzip (assets and tiles compressed, pages and JSON not)' },
      }),
      figure({
        id: 'zone_db_build_s', title: 'Zone database of all France: fresh build', unit: 's',
        value: zoneBuild.seconds, baseline: zoneBuild.seconds, baselineName: `itself; ${(zoneBuild.bytes / 1048576).toFixed(1)} MiB file, `
          + `${zoneBuild.tiles.count} zone tiles ${(zoneBuild.tiles.bytes / 1048576).toFixed(1)} MiB`,
        target: null, details: { bytes: zoneBuild.bytes, tiles: zoneBuild.tiles },
      }),
      figure({
        id: 'ready_ms', title: 'Start to ready (GET /readyz 200), median', unit: 'ms',
        value: median(startTimes.box), baseline: median(startTimes.bare), baselineName: 'node:http hello world',
        target: { comparison: '<=', value: 1000 },
        details: { box: startTimes.box, bare: startTimes.bare, hono: startTimes.hono, boxIdleRssKiB: startTimes.boxIdleRssKiB },
      }),
    ];
    const runtimeSeconds = (performance.now() - startedAt) / 1000;
    const summary = writeReport({
      date: new Date().toISOString(),
      runtimeSeconds: Math.round(runtimeSeconds * 10) / 10,
      machine,
      method: {
        summary: `servers as separate processes${cpu.pinned ? ` pinned to CPU ${cpu.serverCpu}, load generator on CPU ${cpu.clientCpu}` : ' (not pinned)'}; ` +
          `${plan.connections} keep-alive clients for ${plan.loadMs / 1000} s after ${plan.warmupMs / 1000} s warm-up; list latency with ${plan.latencyConnections} client for ${plan.latencyMs / 1000} s; ` +
          `node flags of npm start for every server: ${nodeFlags.join(' ') || 'none'}`,
        ...plan, ...cpu, nodeFlags, loadGenerator: 'raw keep-alive HTTP/1.1 sockets, closed loop (scripts/bench/load.ts)',
        slugs: slugs.length, cursors: { byType: cursors.byType.length, byZone: cursors.byZone.length },
      },
      dataset: { ...dataset.stats, fromCache: dataset.fromCache, seconds: Math.round(dataset.seconds * 10) / 10 },
      figures,
      passed: figures.every((f) => f.pass !== false),
      notes: [
        `Mixed load on the box: ${boxMixed.load.rps} req/s (pages p50 ${boxMixed.load.byCategory.page?.p50Ms} ms, lists p50 ${boxMixed.load.byCategory.list?.p50Ms} ms), server CPU ${boxMixed.cpuPercent} %.`,
        `Server CPU during the page runs: box ${boxPages.cpuPercent} %, Hono hello world ${honoPages.cpuPercent} % (near 100 %: the server, not the load generator, was the limit).`,
        `Box RSS: ${mib(median(startTimes.boxIdleRssKiB))} MiB idle after start; ${mib(boxAfter.hwmKiB)} MiB peak over its whole run, the page and list runs included.`,
        `Errors or non-200 answers: ${errorsText({ boxMixed: boxMixed.load, bareMixed: bareMixed.load, boxPages: boxPages.load, honoPages: honoPages.load, honoLatency, ...boxLists, ...Object.fromEntries(boxSearches.map(({ searchCase, api }) => [`search ${searchCase.name}`, api])), ...Object.fromEntries(boxClusters.map((view) => [`clusters ${view.name}`, view.load])), ...Object.fromEntries(boxAgenda.map((view) => [`agenda ${view.name}`, view.load])) })}.`,
      ],
      runs: { boxMixed: boxMixed.load, bareMixed: bareMixed.load, boxPages: boxPages.load, honoPages: honoPages.load, boxLists, honoLatency },
    }, join(root, 'bench/report.json'), join(root, 'bench/summary.txt'));
    console.log('\n' + summary);
    console.log('Written: bench/report.json, bench/summary.txt');
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
    process.off('exit', cleanUp);
  }
}

function latencyLoad(next: () => Target) {
  return { connections: plan.latencyConnections, warmupMs: plan.latencyWarmupMs, durationMs: plan.latencyMs, next };
}

/** A load on one child, with its memory sampled and its CPU use over the measured part. */
async function measuredLoad(child: Child, options: { connections: number; warmupMs: number; durationMs: number; next: () => Target }) {
  const sampler = sampleMemory(child.pid);
  let cpuAtMeasure = 0;
  const cpuTimer = setTimeout(() => { cpuAtMeasure = readCpuSeconds(child.pid); }, options.warmupMs);
  const load = await runLoad({ port: child.port, ...options });
  clearTimeout(cpuTimer);
  const cpuPercent = Math.round(((readCpuSeconds(child.pid) - cpuAtMeasure) / (options.durationMs / 1000)) * 100);
  const memory = sampler.stop();
  if (load.errors > 0 || Object.keys(load.statuses).some((status) => status !== '200')) {
    console.warn(`  ${child.label}: ${load.errors} errors, statuses ${JSON.stringify(load.statuses)}`);
  }
  return { load, memory, cpuPercent };
}

/** Slugs of the public elements: the pages an anonymous visitor can open. */
function publicSlugs(dbPath: string): string[] {
  const db = openDatabase(dbPath);
  try {
    return (db.prepare("SELECT slug FROM elements WHERE visibility = 'public' AND deleted_at IS NULL ORDER BY id").all() as { slug: string }[])
      .map((row) => row.slug);
  } finally {
    db.close();
  }
}

/** List URLs with real cursors, found by following nextCursor through the API like a client would. */
async function walkCursors(port: number) {
  const walk = async (query: string) => {
    const paths: string[] = [];
    let cursor: string | null = null;
    for (let pageIndex = 0; pageIndex < plan.pagesPerCursorWalk; pageIndex++) {
      const path: string = `/api/v1/elements?${query}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { nextCursor: string | null } = await getJson(port, path);
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      paths.push(`/api/v1/elements?${query}&limit=50&cursor=${encodeURIComponent(cursor)}`);
    }
    return paths;
  };
  const byType = (await Promise.all(elementTypes.map((type) => walk(`type=${type}`)))).flat();
  const byZone = await walk(`zone=${epci}`);
  return { byType, byZone };
}

function errorsText(runs: Record<string, LoadResult>): string {
  const bad = Object.entries(runs).flatMap(([name, run]) => {
    const non200 = Object.entries(run.statuses).filter(([status]) => status !== '200').map(([status, n]) => `${n}× ${status}`);
    return run.errors || non200.length ? [`${name}: ${[run.errors ? `${run.errors} errors` : '', ...non200].filter(Boolean).join(', ')}`] : [];
  });
  return bad.length ? bad.join('; ') : 'none';
}

const mib = (kib: number) => (kib / 1024).toFixed(1);

/** The V8 flags `npm start` gives the box, read from package.json so the bench runs the box as shipped. */
function boxNodeFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const words = start.split(/\s+/);
  return words.slice(words.indexOf('node') + 1, words.indexOf('scripts/start.ts')).filter((word) => word.startsWith('--'));
}
