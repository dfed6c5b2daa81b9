// Counting a vote: from the stored ballots only, so the tally kept at closing can be recomputed at any time.
import { sql, type Db } from '../core/db/database.ts';
import type { Choice, Majority, Tally } from './model.ts';

/** The share of "for" among "for" and "against" a proposal needs: [numerator, denominator, strictly more?]. */
const thresholds: Record<Majority, [number, number, boolean]> = {
  simple: [1, 2, true], // more than half: a tie is rejected
  two_thirds: [2, 3, false],
  three_quarters: [3, 4, false],
  ninety: [9, 10, false],
};

/** Whether `pour` out of `pour + contre` reaches the majority; integers only, so 66 vs 34 never rounds to 2/3. */
export function reachesMajority(pour: number, contre: number, majority: Majority): boolean {
  const decided = pour + contre;
  if (decided === 0) return false;
  const [numerator, denominator, strictly] = thresholds[majority];
  return strictly ? pour * denominator > numerator * decided : pour * denominator >= numerator * decided;
}

export function tallyOf(counts: Record<Choice, number>, majority: Majority): Tally {
  const decided = counts.for + counts.against;
  return {
    for: counts.for, against: counts.against, blank: counts.blank, total: decided + counts.blank,
    ratio: decided === 0 ? null : Math.round((counts.for / decided) * 10_000) / 10_000,
    majority, adopted: reachesMajority(counts.for, counts.against, majority),
  };
}

/** The counts of a proposal's ballots as they are stored now. */
export function countBallots(db: Db, proposalId: string): Record<Choice, number> {
  const counts: Record<Choice, number> = { for: 0, against: 0, blank: 0 };
  for (const row of sql(db, 'SELECT choice, count(*) AS n FROM coop_ballots WHERE proposal_id = ? GROUP BY choice').all(proposalId) as { choice: Choice; n: number }[]) {
    counts[row.choice] = row.n;
  }
  return counts;
}

/** Recomputes a proposal's tally from its raw ballots (to check the one stored at closing). */
export function recount(db: Db, proposalId: string): Tally | null {
  const row = sql(db, 'SELECT majority FROM coop_proposals WHERE id = ?').get(proposalId) as { majority: Majority } | undefined;
  return row ? tallyOf(countBallots(db, proposalId), row.majority) : null;
}
