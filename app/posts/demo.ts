// Demo posts: a few messages on the walls of the demo territory (a members-only one among them, a mention,
// tags, a link that gets a preview card, two short comment threads), marked is_demo so they go with the rest
// of the demo content.
import type { Db } from '../core/db/database.ts';
import { findElement, findElementBySlug } from '../elements/storage.ts';
import type { Audience } from './model.ts';
import { marksOf } from './text.ts';
import { defaultZones } from './zones.ts';
import { insertPost } from './storage.ts';
import { insertComment } from '../comments/storage.ts';

export interface DemoWalls {
  persons: string[];
  organizations: string[];
  projects: string[];
  events: string[];
}

interface DemoPost {
  wall: string;
  author: string;
  asElement?: boolean;
  audience?: Audience;
  body: (slug: (id: string) => string) => string;
  /** A short thread under it: each comment answers the one before when `reply` is set. */
  comments?: { author: string; body: string; reply?: boolean }[];
}

/** Writes the demo posts; call inside the demo seed's transaction. */
export function seedDemoPosts(db: Db, walls: DemoWalls): number {
  const { persons, organizations, projects, events } = walls;
  const slug = (id: string) => findElement(db, id)?.slug ?? '';
  const posts: DemoPost[] = [
    { wall: organizations[0], author: persons[0], asElement: true,
      body: () => 'Grande collecte de printemps samedi matin : meubles, vaisselle, livres, tout ce qui peut resservir ! #réemploi #ZéroDéchet',
      comments: [
        { author: persons[6], body: 'J’ai deux chaises et une table basse : je passe vers 10 h.' },
        { author: persons[0], body: 'Parfait, on vous garde une place près de l’entrée. Merci !', reply: true },
      ] },
    { wall: organizations[0], author: persons[0], audience: 'members',
      body: () => 'Réunion du bureau mardi à 18 h : l’ordre du jour est dans le dossier partagé. Pensez à vos disponibilités pour les permanences.' },
    { wall: organizations[2], author: persons[2],
      body: (s) => `Les plants de tomates sont prêts : venez en chercher au jardin mercredi. Merci à @${s(persons[9])} pour les graines ! #jardin` },
    { wall: organizations[3], author: persons[3], asElement: true,
      body: (s) => `Le bal folk approche : nous cherchons des bénévoles pour la buvette. Tous les détails : [le bal](/e/${s(events[3])}) #fête` },
    { wall: persons[5], author: persons[5],
      body: () => 'Je donne un vélo d’enfant (20 pouces) en bon état, à venir chercher à Dieulefit. #entraide' },
    { wall: organizations[14], author: persons[14], asElement: true,
      body: () => 'Nouveaux jeux de société disponibles au prêt, et la grainothèque a été réassortie. #lecture #jeux' },
    { wall: projects[0], author: persons[0],
      body: () => 'Premier chantier au four ce samedi : on a besoin de bras, de seaux et de bonne humeur. #pain #chantier',
      comments: [{ author: persons[4], body: 'Je viens avec une brouette.' }] },
  ];
  for (const post of posts) {
    const wall = findElement(db, post.wall);
    if (!wall) continue;
    const body = post.body(slug);
    const marks = marksOf(body);
    const audience = post.audience ?? 'public';
    const postId = insertPost(db, {
      wallId: wall.id, authorId: post.author, asElementId: post.asElement ? wall.id : null, audience, body, tags: marks.tags,
      zones: audience === 'public' ? defaultZones(db, wall) : [],
      mentions: marks.mentions.flatMap((mention) => findElementBySlug(db, mention)?.id ?? []), isDemo: true,
    });
    // Demo comments go with their demo post (deletePostRow takes the thread).
    let parentId: string | null = null;
    for (const comment of post.comments ?? []) {
      parentId = insertComment(db, { subject: { type: 'post', id: postId }, parentId: comment.reply ? parentId : null, authorId: comment.author, body: comment.body });
    }
  }
  return posts.length;
}

