// Demo cooperative spaces: the shared gardens of Bourdeaux (an association) and the communal bread oven (a
// project) get rooms, a proposal open to amendments, a vote under way, an adopted resolution with its ballots and
// history, and actions (one late, one done). Called inside the demo seed's transaction; the rows go with
// deleteDemoCoop (rooms and actions are marked is_demo, the rest cascades from the rooms).
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import {
  addHistory, ballotKey, ballotSecret, insertAction, insertAmendment, insertProposal, insertRoom, saveAmendmentVote, saveBallot, updateProposalFields,
} from './storage.ts';
import { tallyOf } from './tally.ts';
import type { Choice, Majority, ResultsVisible } from './model.ts';

export interface DemoIds {
  persons: string[];
  organizations: string[];
  projects: string[];
  events: string[];
}

const dayMs = 86_400_000;

export function seedDemoCoop(deps: Deps, ids: DemoIds, now: Date): void {
  const db = deps.db;
  const at = (days: number) => new Date(now.getTime() + days * dayMs).toISOString();
  const date = (days: number) => at(days).slice(0, 10);
  const secret = ballotSecret(db);
  const { persons } = ids;
  // Les Jardins Partagés de Bourdeaux: its admin and members as the demo seed links them (index + 7 m).
  const garden = ids.organizations[2];
  const [president, ...gardeners] = [persons[2], persons[9], persons[16], persons[23]];
  const oven = ids.projects[0];
  const [baker, helper] = [persons[0], persons[5]];
  if (!findElement(db, garden) || !findElement(db, oven)) return;

  const proposal = (roomId: string, elementId: string, author: string, title: string, body: string, createdDays: number,
    options: { majority?: Majority; anonymous?: boolean; resultsVisible?: ResultsVisible } = {}) => {
    const id = insertProposal(db, {
      roomId, elementId, authorId: author, title, body, majority: options.majority ?? 'simple', anonymous: options.anonymous ?? false,
      resultsVisible: options.resultsVisible ?? 'live',
    }, undefined, at(createdDays));
    addHistory(db, id, author, 'created', body, { version: 1 }, at(createdDays));
    return id;
  };
  const vote = (id: string, anonymous: boolean, ballots: [string, Choice][]) => {
    for (const [person, choice] of ballots) saveBallot(db, id, ballotKey(secret, id, person), anonymous ? null : person, choice);
  };

  // The association: two rooms.
  const crops = insertRoom(db, garden, { name: 'Jardin et cultures', description: 'Ce qu’on plante, l’eau, le compost, les outils.' }, president, true);
  const life = insertRoom(db, garden, { name: 'Vie de l’association', description: 'Règlement, adhésions, fêtes du jardin.' }, president, true);

  // Open to amendments, with an amendment already supported.
  const sundays = proposal(crops, garden, gardeners[0], 'Ouvrir le jardin le dimanche matin',
    'Le jardin est ouvert à tous les habitants **le dimanche de 9 h à 12 h**, en présence d’au moins un membre du bureau.', -3);
  updateProposalFields(db, sundays, { status: 'amending', amendUntil: at(4) });
  addHistory(db, sundays, gardeners[0], 'amending', null, { amendUntil: at(4) }, at(-3));
  const amendment = insertAmendment(db, sundays, gardeners[1], 'add', 'Les enfants de moins de 12 ans viennent accompagnés d’un adulte.');
  addHistory(db, sundays, gardeners[1], 'amendment', null, { amendmentId: amendment, mode: 'add' }, at(-2));
  saveAmendmentVote(db, amendment, president, 'for');

  // A vote under way, closing in 5 days, live results.
  const composter = proposal(crops, garden, president, 'Acheter un composteur collectif de 600 L',
    'Achat d’un composteur en bois de 600 litres (environ 180 €), installé près de l’entrée.\n\n- financé par la caisse de l’association\n- retourné chaque mois par les volontaires', -6);
  updateProposalFields(db, composter, { status: 'voting', opensAt: at(-2), closesAt: at(5) });
  addHistory(db, composter, president, 'voting', null, { opensAt: at(-2), closesAt: at(5), majority: 'simple', anonymous: false }, at(-2));
  vote(composter, false, [[president, 'for'], [gardeners[0], 'for'], [gardeners[2], 'against']]);

  // An adopted resolution: amended, voted with a two-thirds majority, closed on a network-synchronized clock.
  const rulesText = 'Chaque membre entretient sa parcelle et participe à deux chantiers collectifs par an.';
  const rules = proposal(life, garden, president, 'Règlement intérieur du jardin', rulesText, -40, { majority: 'two_thirds', resultsVisible: 'after_close' });
  updateProposalFields(db, rules, { status: 'amending' });
  addHistory(db, rules, president, 'amending', null, { amendUntil: null }, at(-38));
  const water = insertAmendment(db, rules, gardeners[2], 'add', 'L’arrosage se fait le matin ou le soir, jamais aux heures chaudes.');
  addHistory(db, rules, gardeners[2], 'amendment', null, { amendmentId: water, mode: 'add' }, at(-36));
  for (const person of [president, gardeners[0], gardeners[1]]) saveAmendmentVote(db, water, person, 'for');
  db.prepare("UPDATE coop_amendments SET status = 'accepted', decided_at = ?, created_at = ? WHERE id = ?").run(at(-30), at(-36), water);
  const amended = `${rulesText}\n\nL’arrosage se fait le matin ou le soir, jamais aux heures chaudes.`;
  updateProposalFields(db, rules, { body: amended, bumpVersion: true });
  addHistory(db, rules, president, 'amendment_accepted', amended, { amendmentId: water, for: 3, against: 0, version: 2 }, at(-30));
  updateProposalFields(db, rules, { status: 'voting', opensAt: at(-30), closesAt: at(-20) });
  addHistory(db, rules, president, 'voting', null, { opensAt: at(-30), closesAt: at(-20), majority: 'two_thirds', anonymous: false }, at(-30));
  vote(rules, false, [[president, 'for'], [gardeners[0], 'for'], [gardeners[1], 'for'], [gardeners[2], 'blank']]);
  const tally = tallyOf({ for: 3, against: 0, blank: 1 }, 'two_thirds');
  updateProposalFields(db, rules, { status: 'adopted', tally, closedAt: at(-20), closeClockSource: 'network' });
  addHistory(db, rules, null, 'adopted', null, { tally, clockSource: 'network' }, at(-20));

  // Actions: one late, one in progress, one done.
  insertAction(db, garden, { title: 'Commander le composteur', description: 'Si le vote l’adopte : devis chez la scierie de Bourdeaux.', dueDate: date(12), roomId: crops, actorIds: [president] }, president, true);
  insertAction(db, garden, { title: 'Réparer le robinet du bas', description: 'Le joint fuit depuis l’hiver.', dueDate: date(-5), roomId: crops, actorIds: [gardeners[1]] }, president, true, 'in_progress');
  insertAction(db, garden, { title: 'Afficher le règlement à l’entrée', description: '', dueDate: date(-15), roomId: life, proposalId: rules, actorIds: [gardeners[0]] }, president, true, 'done');

  // The project: two rooms, an anonymous vote under way, an action.
  const site = insertRoom(db, oven, { name: 'Chantier du four', description: 'Remise en état de la voûte et de l’abri.' }, baker, true);
  insertRoom(db, oven, { name: 'Fournées', description: 'Calendrier et prix des fournées.' }, baker, true);
  const price = proposal(site, oven, baker, 'Participation de 2 € par fournée',
    'Chaque fournée demande une participation de 2 € pour le bois et l’entretien du four.', -1, { anonymous: true, resultsVisible: 'after_close' });
  updateProposalFields(db, price, { status: 'voting', opensAt: at(-1), closesAt: at(6) });
  addHistory(db, price, baker, 'voting', null, { opensAt: at(-1), closesAt: at(6), majority: 'simple', anonymous: true }, at(-1));
  vote(price, true, [[baker, 'for'], [helper, 'against']]);
  insertAction(db, oven, { title: 'Commander les briques réfractaires', description: '', dueDate: date(20), actorIds: [baker, helper] }, baker, true);
}
