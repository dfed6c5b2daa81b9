// Posts on walls, through the real API and pages: who may post and read, mentions, safe text, limits,
// edits and removals, tags, previews from the box's own data, the export.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let admin: Session; // admin of the association
let member: Session;
let follower: Session;
let outsider: Session;
let association: { id: string; slug: string };

interface PostJson {
  id: string; body: string; html: string; audience: string; tags: string[]; zones: string[];
  author: { name: string } | null; signedAs: { name: string } | null; previews: { slug: string; name: string }[];
}

const createElement = async (as: Session, input: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', { kind: 'association', communeInsee: '26114', ...input }, as);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; slug: string };
};
const writePost = (as: Session | undefined, wallId: string, input: Record<string, unknown>) => box.request(`/api/v1/elements/${wallId}/posts`, {
  method: 'POST', as, headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify(input),
});
const posted = async (as: Session, wallId: string, input: Record<string, unknown>) => {
  const response = await writePost(as, wallId, input);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as PostJson;
};
const wallIds = async (wallId: string, as?: Session) =>
  ((await (await box.request(`/api/v1/elements/${wallId}/posts?limit=100`, { as })).json()) as { items: PostJson[] }).items.map((post) => post.id);
const countPosts = () => (box.deps.db.prepare('SELECT count(*) AS n FROM posts').get() as { n: number }).n;

async function join(person: Session, elementId: string, by: Session) {
  expect((await box.json(`/api/v1/elements/${elementId}/join`, 'POST', {}, person)).status).toBe(201);
  expect((await box.json(`/api/v1/elements/${elementId}/requests/approve`, 'POST', { personId: person.personId }, by)).status).toBe(200);
}

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('presidente');
  member = await box.register('membre');
  follower = await box.register('abonne');
  outsider = await box.register('passant');
  association = await createElement(admin, { type: 'organization', name: 'Foyer rural' });
  await join(member, association.id, admin);
  expect((await box.json(`/api/v1/elements/${association.id}/follow`, 'POST', {}, follower)).status).toBe(201);
});
afterAll(() => box.close());

describe('writing on a wall', () => {
  it('a member posts on an organization’s wall; someone who does not belong to it cannot', async () => {
    const post = await posted(member, association.id, { body: 'Bonjour à tous !' });
    expect(post.author?.name).toBe('membre');
    expect(post.zones).toEqual(['commune:26114']); // the wall's commune by default
    const refused = await writePost(outsider, association.id, { body: 'Moi aussi' });
    expect(refused.status).toBe(403);
    expect((await writePost(undefined, association.id, { body: 'Anonyme' })).status).toBe(401);
  });

  it('a person posts on their own wall, never on another person’s', async () => {
    expect((await writePost(member, member.personId, { body: 'Sur mon mur' })).status).toBe(201);
    expect((await writePost(member, outsider.personId, { body: 'Sur le mur d’un autre' })).status).toBe(403);
  });

  it('an admin signs as the organization, a plain member cannot', async () => {
    const post = await posted(admin, association.id, { body: 'Assemblée générale samedi', asElementId: association.id });
    expect(post.signedAs?.name).toBe('Foyer rural');
    const page = await (await box.request(`/e/${association.slug}`)).text();
    expect(page).toContain(`id="post-${post.id}"`);
    const refused = await writePost(member, association.id, { body: 'Au nom du foyer', asElementId: association.id });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { field: string } }).error.field).toBe('asElementId');
  });

  it('the form on the element page posts and comes back to the post on the wall', async () => {
    const page = await (await box.request(`/e/${association.slug}`, { as: member })).text();
    expect(page).toContain(`action="/e/${association.slug}/posts"`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const form = new URLSearchParams({ _csrf: csrf, body: 'Depuis le formulaire #Potager', audience: 'public', tags: 'Jardin' });
    const response = await box.request(`/e/${association.slug}/posts`, {
      method: 'POST', as: member,
      headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toMatch(new RegExp(`^/e/${association.slug}#post-`));
  });
});

describe('who reads a post', () => {
  let membersOnly: PostJson;
  let privatePost: PostJson;
  beforeAll(async () => {
    membersOnly = await posted(member, association.id, { body: 'Pour les abonnés et membres', audience: 'members' });
    privatePost = await posted(admin, association.id, { body: 'Entre membres du bureau', audience: 'private' });
  });

  it('a members-only post is read by followers and members, not by others nor anonymous visitors', async () => {
    expect(await wallIds(association.id)).not.toContain(membersOnly.id);
    expect(await wallIds(association.id, outsider)).not.toContain(membersOnly.id);
    expect(await wallIds(association.id, follower)).toContain(membersOnly.id);
    expect(await wallIds(association.id, member)).toContain(membersOnly.id);
    expect((await box.request(`/posts/${membersOnly.id}`, { as: outsider })).status).toBe(404);
    expect(await (await box.request(`/e/${association.slug}`, { as: outsider })).text()).not.toContain('Pour les abonnés et membres');
  });

  it('a private post is read by members and admins only, not by followers', async () => {
    expect(await wallIds(association.id, follower)).not.toContain(privatePost.id);
    expect(await wallIds(association.id, outsider)).not.toContain(privatePost.id);
    expect(await wallIds(association.id, member)).toContain(privatePost.id);
    expect(await wallIds(association.id, admin)).toContain(privatePost.id);
    expect((await box.request(`/api/v1/posts/${privatePost.id}`, { as: follower })).status).toBe(404);
  });

  it('the export of others leaves out what they may not read; a person’s own export holds their posts', async () => {
    const outsiderExport = (await (await box.request(`/api/v1/elements/${association.id}/export`, { as: outsider })).json()) as { posts: PostJson[] };
    const ids = outsiderExport.posts.map((post) => post.id);
    expect(ids).not.toContain(membersOnly.id);
    expect(ids).not.toContain(privatePost.id);
    expect(ids.length).toBeGreaterThan(0);
    const memberExport = (await (await box.request(`/api/v1/elements/${association.id}/export`, { as: member })).json()) as { posts: PostJson[] };
    expect(memberExport.posts.map((post) => post.id)).toContain(privatePost.id);
    const mine = (await (await box.request('/api/v1/export/me', { as: member })).json()) as { posts: PostJson[] };
    expect(mine.posts.map((post) => post.id)).toContain(membersOnly.id);
    expect(mine.posts.every((post) => post.body !== 'Entre membres du bureau')).toBe(true); // written by the admin
  });
});

describe('mentions', () => {
  it('a mention links to the person with their name and tells them', async () => {
    const post = await posted(member, association.id, { body: `Merci @${follower.username} pour le coup de main` });
    expect(post.html).toContain(`<a class="mention" href="/e/${follower.username}">@abonne</a>`);
    const told = box.deps.db.prepare("SELECT person_id, subject_url FROM notifications WHERE kind = 'mention'").all() as { person_id: string; subject_url: string }[];
    expect(told).toContainEqual({ person_id: follower.personId, subject_url: `/posts/${post.id}` });
  });

  it('a mention in a post the mentioned person may not read tells them nothing', async () => {
    const post = await posted(admin, association.id, { body: `Entre nous : @${outsider.username} a-t-il répondu ?`, audience: 'private' });
    const told = box.deps.db.prepare('SELECT count(*) AS n FROM notifications WHERE subject_url = ? AND person_id = ?').get(`/posts/${post.id}`, outsider.personId) as { n: number };
    expect(told.n).toBe(0);
  });

  it('a mention of an organization tells its admins', async () => {
    const other = await createElement(outsider, { type: 'organization', name: 'Amicale des boulistes' });
    const post = await posted(member, association.id, { body: `Rencontre avec @${other.slug} dimanche` });
    const told = box.deps.db.prepare("SELECT person_id FROM notifications WHERE kind = 'mention' AND subject_url = ?").all(`/posts/${post.id}`) as { person_id: string }[];
    expect(told.map((row) => row.person_id)).toEqual([outsider.personId]);
    const page = await (await box.request('/notifications', { as: outsider, headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain('mentioned Amicale des boulistes, which you administer, in Foyer rural');
  });

  it('mentioning what one cannot see is refused, naming the mention, and nothing is written', async () => {
    const secret = await createElement(outsider, { type: 'organization', name: 'Cercle secret', visibility: 'private' });
    const before = countPosts();
    const response = await writePost(member, association.id, { body: `Qui connaît @${secret.slug} ?` });
    expect(response.status).toBe(422);
    const error = ((await response.json()) as { error: { field: string; message: string } }).error;
    expect(error.field).toBe('body');
    expect(error.message).toContain(`@${secret.slug}: no such person or element you can see`);
    expect((await writePost(member, association.id, { body: 'Et @personne-de-ce-nom ?' })).status).toBe(422);
    expect(countPosts()).toBe(before);
  });

  it('the type-ahead suggests visible elements by slug or name, at most 8', async () => {
    const found = (await (await box.request('/api/v1/mentions?q=abo', { as: member })).json()) as { items: { slug: string }[] };
    expect(found.items.map((item) => item.slug)).toContain('abonne');
    const byName = (await (await box.request('/api/v1/mentions?q=Foyer', { as: member })).json()) as { items: { slug: string }[] };
    expect(byName.items.map((item) => item.slug)).toContain(association.slug);
    const secretHidden = (await (await box.request('/api/v1/mentions?q=cercle', { as: member })).json()) as { items: unknown[] };
    expect(secretHidden.items).toEqual([]);
    for (let i = 0; i < 10; i++) await createElement(admin, { type: 'project', name: `Chantier ${i}`, kind: undefined });
    const many = (await (await box.request('/api/v1/mentions?q=chantier', { as: member })).json()) as { items: unknown[] };
    expect(many.items).toHaveLength(8);
  });
});

describe('safe text and limits', () => {
  it('script tags and javascript: links do not survive; outside images become links', async () => {
    const post = await posted(member, association.id, {
      body: '<script>alert(1)</script> [clic](javascript:alert(1)) [clic2](JaVaScRiPt:alert(2)) <a href="javascript:x">a</a> ![pixel](https://suivi.example/p.png)',
    });
    expect(post.html).not.toMatch(/<script|href="javascript|<img/i);
    expect(post.html).toContain('&lt;script&gt;');
    expect(post.html).toContain('<a href="https://suivi.example/p.png">pixel</a>');
    const page = await (await box.request(`/posts/${post.id}`)).text();
    expect(page).not.toMatch(/<script>alert|href="javascript/i);
  });

  it('a 1 MB post is refused with an error on its text, and nothing is written', async () => {
    const before = countPosts();
    const response = await writePost(member, association.id, { body: 'a'.repeat(1_000_000) });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { field: string; message: string } }).error).toMatchObject({
      field: 'body', message: 'body: A post is at most 10,000 characters',
    });
    expect(countPosts()).toBe(before);
  });

  it('the form shows a readable error for a too long post, and the box’s own limit beyond 1 MB', async () => {
    const page = await (await box.request(`/e/${association.slug}`, { as: member })).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const send = (body: string) => box.request(`/e/${association.slug}/posts`, {
      method: 'POST', as: member, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
      body: new URLSearchParams({ _csrf: csrf, body, audience: 'public' }).toString(),
    });
    const long = await send('b'.repeat(100_000));
    expect(long.status).toBe(422);
    expect(await long.text()).toContain('Une publication fait au plus 10\u00a0000 caractères');
    const huge = await send('c'.repeat(1_100_000));
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain('Le contenu envoyé dépasse 1048576 octets');
  });
});

describe('editing and removing', () => {
  it('its author edits a post; nobody else can', async () => {
    const post = await posted(member, association.id, { body: 'Premier jet' });
    expect((await box.json(`/api/v1/posts/${post.id}`, 'PATCH', { body: 'Texte corrigé' }, admin)).status).toBe(403);
    const edited = await box.json(`/api/v1/posts/${post.id}`, 'PATCH', { body: 'Texte corrigé #Fête' }, member);
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({ body: 'Texte corrigé #Fête', tags: ['fête'] });
  });

  it('its author deletes a post', async () => {
    const post = await posted(member, association.id, { body: 'À supprimer' });
    expect((await box.request(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: follower })).status).toBe(403);
    expect((await box.request(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: member })).status).toBe(204);
    expect((await box.request(`/api/v1/posts/${post.id}`, { as: member })).status).toBe(404);
  });

  it('an admin of the wall, and a box admin, remove a member’s post', async () => {
    const first = await posted(member, association.id, { body: 'Hors sujet' });
    expect((await box.request(`/api/v1/posts/${first.id}`, { method: 'DELETE', as: admin })).status).toBe(204);
    const boxAdmin = await box.register('gardien', { admin: true });
    const second = await posted(member, association.id, { body: 'Encore hors sujet' });
    expect((await box.request(`/api/v1/posts/${second.id}`, { method: 'DELETE', as: boxAdmin })).status).toBe(204);
    expect(await wallIds(association.id, member)).not.toContain(second.id);
  });
});

describe('tags and previews', () => {
  it('tags from the text and the field are stored once, lower-case, and link to the live feed', async () => {
    const post = await posted(member, association.id, { body: 'Grande #Braderie ce week-end', tags: 'braderie, Vide-Grenier' });
    expect(post.tags.sort()).toEqual(['braderie', 'vide-grenier']);
    expect(post.html).toContain('<a class="tag" href="/live?tag=braderie">#Braderie</a>');
  });

  it('a link to an element of the box gets a card from the box’s data, only for those who may see it; outside links never', async () => {
    const hidden = await createElement(admin, { type: 'project', name: 'Projet discret', visibility: 'members', kind: undefined });
    const event = await createElement(admin, { type: 'event', kind: 'market', name: 'Marché de printemps', startsAt: '2099-04-01T09:00', shortDescription: 'Producteurs locaux' });
    const post = await posted(admin, association.id, {
      body: `Venez au [marché](/e/${event.slug}), voir http://box.test/e/${hidden.slug} et https://ailleurs.example/e/${event.slug}`,
    });
    expect(post.previews.map((card) => card.slug)).toEqual([event.slug, hidden.slug]);
    const seenByOutsider = (await (await box.request(`/api/v1/posts/${post.id}`, { as: outsider })).json()) as PostJson & { previews: { slug: string; shortDescription: string; nextDate: string }[] };
    expect(seenByOutsider.previews.map((card) => card.slug)).toEqual([event.slug]);
    expect(seenByOutsider.previews[0]).toMatchObject({ shortDescription: 'Producteurs locaux' });
    expect(Date.parse(seenByOutsider.previews[0].nextDate)).toBe(Date.parse('2099-04-01T09:00:00+02:00'));
  });
});
