// Cooperative space figure: the tally of a vote with 5,000 ballots (`recount`, the same count a closing keeps),
// p95 over 200 runs, beside a bare `SELECT count(*)` over the same ballots in the same run. The ballots are cast
// through the app's own rule (castBallot: membership check, HMAC ballot key), one member each, some changed.
// A fresh box in a temporary folder, in this process. Alone: `node scripts/bench/coop.ts` prints the figures as JSON.
import { performance } from 'node:perf_hooks';
import { createTestBox } from '../../app/testing/test-box.ts';
import { sql } from '../../app/core/db/database.ts';
import { castBallot, createProposal, createRoom, startVote } from '../../app/coop/actions.ts';
import { recount } from '../../app/coop/tally.ts';
import { bulkMembers, record } from '../../app/coop/testing/space.ts';
import { insertElement } from '../../app/elements/storage.ts';
import { addLink } from '../../app/links/storage.ts';
import { summarize, type Latency } from './load.ts';

export interface CoopFigure {
  name: string;
  value: number;
  unit: string;
  baseline: number;
  baselineName: string;
  target: null;
  details: { ballots: number; tally: Latency; countStar: Latency; result: unknown };
}

export async function benchTally(options: { ballots?: number; runs?: number; warmup?: number } = {}): Promise<CoopFigure> {
  const ballots = options.ballots ?? 5000;
  const runs = options.runs ?? 200;
  const warmup = options.warmup ?? 20;
  const box = createTestBox();
  try {
    const db = box.deps.db;
    const founder = box.deps.db.transaction(() => {
      const person = insertElement(db, box.deps.box.boxId, record(db, 'person', 'Fondatrice'), null);
      const organization = insertElement(db, box.deps.box.boxId, record(db, 'organization', 'Assemblée (bench)'), person);
      addLink(db, { fromId: person, toId: organization, kind: 'member', isAdmin: true });
      return { personId: person, username: 'fondatrice', isBoxAdmin: false, organization };
    })();
    const room = createRoom(box.deps, founder, founder.organization, { name: 'Assemblée générale' });
    const proposal = createProposal(box.deps, founder, { roomId: room.id, title: 'Budget', body: 'Le budget de l’année.', majority: 'two_thirds' });
    startVote(box.deps, founder, proposal.id, { closesAt: new Date(Date.now() + 86_400_000).toISOString() });
    const voters = bulkMembers(box, founder.organization, ballots);
    const choices = ['for', 'against', 'blank'] as const;
    db.transaction(() => {
      voters.forEach((voter, index) => {
        castBallot(box.deps, voter, proposal.id, { choice: choices[index % 3] });
        if (index % 10 === 0) castBallot(box.deps, voter, proposal.id, { choice: 'for' });
      });
    })();

    const measure = (run: () => unknown): Latency => {
      for (let i = 0; i < warmup; i++) run();
      const latencies: number[] = [];
      const started = performance.now();
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        run();
        latencies.push(performance.now() - start);
      }
      return summarize(latencies, (performance.now() - started) / 1000);
    };
    const tally = measure(() => recount(db, proposal.id));
    const countStar = measure(() => sql(db, 'SELECT count(*) AS n FROM coop_ballots WHERE proposal_id = ?').get(proposal.id));
    return {
      name: `Tally of a vote with ${ballots} ballots (recount), p95`, value: tally.p95Ms, unit: 'ms',
      baseline: countStar.p95Ms, baselineName: 'same ballots, SELECT count(*)', target: null,
      details: { ballots, tally, countStar, result: recount(db, proposal.id) },
    };
  } finally {
    box.close();
  }
}

if (process.argv[1] === import.meta.filename) console.log(JSON.stringify(await benchTally(), null, 2));
