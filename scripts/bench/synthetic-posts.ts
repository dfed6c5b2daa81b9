// The bench box's posts: 200,000 posts on the walls of the synthetic elements, written through the app's
// own insertPost, their UUIDv7 ids spread over the year before the anchor (so they interleave with the
// elements' creation times). Public posts speak to their wall's commune, else to the box's territory, as
// the app's default does: most of them reach the territory's live feed. 80 % public, 12 % members-only,
// 8 % private; a fifth of the element walls' posts signed as the element; some tags, links and mentions.
import { sql, transaction, type Db } from '../../app/core/db/database.ts';
import { insertPost } from '../../app/posts/storage.ts';
import type { Audience } from '../../app/posts/model.ts';

export const postCount = 200_000;
const territory = 'epci:242600492';

export function addSyntheticPosts(db: Db, random: () => number, anchorMs: number, uuidAt: (ms: number) => string): number {
  const walls = sql(db, "SELECT id, type, slug, commune_insee FROM elements WHERE type != 'poi' ORDER BY id").all() as
    { id: string; type: string; slug: string; commune_insee: string | null }[];
  const persons = walls.filter((wall) => wall.type === 'person');
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const firstMs = anchorMs - 365 * 86_400_000;
  const stepMs = Math.floor((365 * 86_400_000) / postCount);
  const batch = 10_000;
  for (let start = 0; start < postCount; start += batch) {
    transaction(db, () => {
      for (let index = start; index < Math.min(postCount, start + batch); index++) {
        const wall = pick(walls);
        const isPerson = wall.type === 'person';
        const roll = random();
        const audience: Audience = roll < 0.8 ? 'public' : roll < 0.92 ? 'members' : 'private';
        const tags = random() < 0.4 ? [...new Set(Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(tagWords)))] : [];
        let body = `${pick(openings)} ${pick(sentences)}`;
        if (random() < 0.05) body += ` Voir [la page](/e/${pick(walls).slug}).`;
        const mention = random() < 0.03 ? pick(persons) : null;
        if (mention) body += ` Merci @${mention.slug} !`;
        const zones = audience !== 'public' ? [] : wall.commune_insee ? [`commune:${wall.commune_insee}`] : [territory];
        if (audience === 'public' && random() < 0.05) zones.push('dep:26');
        insertPost(db, {
          wallId: wall.id, authorId: isPerson ? wall.id : pick(persons).id, asElementId: !isPerson && random() < 0.2 ? wall.id : null,
          audience, body, tags, zones, mentions: mention ? [mention.id] : [],
        }, uuidAt(firstMs + index * stepMs));
      }
    });
  }
  return postCount;
}

const openings = ['Bonjour à toutes et à tous !', 'Petite nouvelle :', 'Rappel :', 'Merci pour samedi !', 'On cherche de l’aide :',
  'C’est confirmé :', 'Photos de la journée bientôt en ligne.', 'Qui est partant ?'];
const sentences = [
  'La prochaine réunion aura lieu à la salle des fêtes.', 'Apportez vos outils, on fournit le reste.', 'Le compte rendu est dans la médiathèque.',
  'Covoiturage possible depuis les villages voisins.', 'Inscriptions ouvertes jusqu’à vendredi.', 'Un repas partagé suivra.',
  'Merci aux bénévoles pour leur aide précieuse.', 'Nous cherchons encore deux personnes pour la buvette.',
];
const tagWords = ['réemploi', 'jardin', 'vélo', 'culture', 'musique', 'randonnée', 'entraide', 'école', 'marché', 'fête', 'compost', 'lecture'];
