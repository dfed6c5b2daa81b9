// The territory's live feed, a person's own feed and the Atom feeds, through the real API and pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let admin: Session;
let member: Session;
let follower: Session;
let outsider: Session;
let association: { id: string; slug: string };
let publicPost: string;
let membersPost: string;
let privatePost: string;

interface LivePage { items: { kind: string; id: string }[]; upcoming: { event: { name: string } }[]; nextCursor: string | null }

const createElement = async (as: Session, input: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', { communeInsee: '26114', ...input }, as);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as { id: string; slug: string };
};
const writePost = async (as: Session, wallId: string, input: Record<string, unknown>) => {
  const response = await box.json(`/api/v1/elements/${wallId}/posts`, 'POST', input, as);
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
};
const live = async (query: string, as?: Session) => (await (await box.request(`/api/v1/live?${query}`, { as })).json()) as LivePage;
const liveIds = async (query: string, as?: Session) => (await live(`${query}&limit=100`, as)).items.map((item) => item.id);

/** A strict check that a text is well-formed XML (the subset an Atom feed uses), with one root element. */
function wellFormed(xml: string): string {
  let rest = xml.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\s*/, '');
  const stack: string[] = [];
  let root = '';
  const entity = /&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
  while (rest.length > 0) {
    const tag = /^<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (tag) {
      const [whole, closing, name, attributes, selfClosing] = tag;
      if (entity.test(attributes)) throw new Error(`bad entity in attributes of <${name}>`);
      if (closing) {
        if (stack.pop() !== name) throw new Error(`</${name}> closes nothing open`);
      } else {
        if (stack.length === 0 && root) throw new Error('a second root element');
        if (stack.length === 0) root = name;
        if (!selfClosing) stack.push(name);
      }
      rest = rest.slice(whole.length);
      continue;
    }
    const text = /^[^<]+/.exec(rest);
    if (!text) throw new Error(`not XML at: ${rest.slice(0, 40)}`);
    if (entity.test(text[0])) throw new Error(`bad entity in: ${text[0].slice(0, 40)}`);
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text[0])) throw new Error('a control character');
    if (stack.length === 0 && text[0].trim()) throw new Error('text outside the root element');
    rest = rest.slice(text[0].length);
  }
  if (stack.length) throw new Error(`<${stack.at(-1)}> is never closed`);
  return root;
}

const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const entries = (xml: string) => [...xml.matchAll(/<entry>([\s\S]*?)<\/entry>/g)].map((match) => ({
  id: /<id>urn:uuid:([^<]+)<\/id>/.exec(match[1])![1],
  content: unescape(/<content type="html">([\s\S]*?)<\/content>/.exec(match[1])![1]),
  link: /<link rel="alternate" type="text\/html" href="([^"]+)"\/>/.exec(match[1])![1],
}));

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('presidente');
  member = await box.register('membre');
  follower = await box.register('abonne');
  outsider = await box.register('passant');
  association = await createElement(admin, { type: 'organization', kind: 'association', name: 'Foyer rural', tags: ['fête'] });
  expect((await box.json(`/api/v1/elements/${association.id}/join`, 'POST', {}, member)).status).toBe(201);
  expect((await box.json(`/api/v1/elements/${association.id}/requests/approve`, 'POST', { personId: member.personId }, admin)).status).toBe(200);
  expect((await box.json(`/api/v1/elements/${association.id}/follow`, 'POST', {}, follower)).status).toBe(201);
  publicPost = await writePost(member, association.id, { body: 'Fête du village samedi : Tom & Jerry <3 #Fete', tags: 'marche' });
  membersPost = await writePost(member, association.id, { body: 'Réservé aux abonnés', audience: 'members' });
  privatePost = await writePost(admin, association.id, { body: 'Bureau seulement', audience: 'private' });
});
afterAll(() => box.close());

describe('the live feed', () => {
  it('shows public posts and new public elements of the territory, never members-only or private posts', async () => {
    for (const as of [undefined, outsider, follower, member]) {
      const ids = await liveIds('', as);
      expect(ids).toContain(publicPost);
      expect(ids).toContain(association.id);
      expect(ids).not.toContain(membersPost);
      expect(ids).not.toContain(privatePost);
    }
  });

  it('a public post on a members-only element reaches its members, never anonymous visitors', async () => {
    const club = await createElement(admin, { type: 'organization', kind: 'group', name: 'Club fermé', visibility: 'members' });
    const post = await writePost(admin, club.id, { body: 'Public, mais sur un mur fermé' });
    expect(await liveIds('')).not.toContain(post);
    expect(await liveIds('', outsider)).not.toContain(post);
    expect(await liveIds('', admin)).toContain(post);
    expect(await liveIds('')).not.toContain(club.id);
  });

  it('a post speaks to its zones, the zones holding them and the zones inside them', async () => {
    const territoryPost = await writePost(member, association.id, { body: 'Pour toute la communauté de communes', zones: ['epci:242600492'] });
    const bourdeauxPost = await writePost(member, association.id, { body: 'À Bourdeaux seulement', zones: ['commune:26056'] });
    const departmentPost = await writePost(member, association.id, { body: 'Pour toute la Drôme', zones: ['dep:26'] });
    const dieulefit = await liveIds('zone=commune:26114');
    expect(dieulefit).toEqual(expect.arrayContaining([publicPost, territoryPost, departmentPost]));
    expect(dieulefit).not.toContain(bourdeauxPost);
    const bourdeaux = await liveIds('zone=commune:26056');
    expect(bourdeaux).toEqual(expect.arrayContaining([bourdeauxPost, territoryPost, departmentPost]));
    expect(bourdeaux).not.toContain(publicPost);
    expect(bourdeaux).not.toContain(association.id); // created in Dieulefit
    const territory = await liveIds('zone=epci:242600492');
    expect(territory).toEqual(expect.arrayContaining([publicPost, bourdeauxPost, territoryPost, departmentPost]));
    expect(await liveIds('zone=commune:75056')).not.toContain(bourdeauxPost);
    const refused = await box.json('/api/v1/elements/' + association.id + '/posts', 'POST', { body: 'À Paris', zones: ['commune:75056'] }, member);
    expect(refused.status).toBe(422);
  });

  it('filters by tag, on posts (text or tags field) and on new elements', async () => {
    const fete = await liveIds('tag=Fete');
    expect(fete).toContain(publicPost);
    expect(fete).not.toContain(association.id); // tagged "fête", not "fete"
    expect(await liveIds(`tag=${encodeURIComponent('fête')}`)).toEqual([association.id]);
    expect(await liveIds('tag=marche')).toEqual([publicPost]);
  });

  it('filters by type: posts only, or one kind of new element', async () => {
    const project = await createElement(admin, { type: 'project', name: 'Jardin partagé' });
    const posts = await live('type=post&limit=100');
    expect(posts.items.every((item) => item.kind === 'post')).toBe(true);
    expect(posts.items.map((item) => item.id)).toContain(publicPost);
    const projects = await liveIds('type=project');
    expect(projects).toEqual([project.id]);
    expect((await live('type=poi')).upcoming).toEqual([]);
  });

  it('pages with a cursor return every item once, even when new items arrive between pages', async () => {
    for (let i = 0; i < 7; i++) await writePost(member, association.id, { body: `Nouvelle ${i}` });
    await createElement(admin, { type: 'poi', kind: 'sharedLibrary', name: 'Boîte à livres' });
    const all = await liveIds('');
    expect(all.length).toBeGreaterThan(10);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: LivePage = await live(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
      if (pages++ === 1) await writePost(member, association.id, { body: 'Arrivée pendant la lecture' });
    } while (cursor);
    expect(seen).toEqual(all);
    expect(new Set(seen).size).toBe(seen.length);
    expect((await box.request('/api/v1/live?cursor=nimporte-quoi')).status).toBe(422);
  });

  it('lists the upcoming public events of the zone above the first page', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    await createElement(admin, { type: 'event', kind: 'market', name: 'Marché de demain', startsAt: tomorrow });
    const page = await live('');
    expect(page.upcoming.map((occurrence) => occurrence.event.name)).toContain('Marché de demain');
    const html = await (await box.request('/live')).text();
    expect(html).toContain('Marché de demain');
  });

  it('the /live page has the Atom feed in its head, and the header links to it', async () => {
    const html = await (await box.request('/live?zone=commune:26114&tag=marche')).text();
    expect(html).toContain('<link rel="alternate" type="application/atom+xml"');
    expect(html).toContain('href="/live.atom?zone=commune%3A26114&amp;tag=marche"');
    expect(html).toContain('<a href="/live">');
    expect(html).toContain(`id="post-${publicPost}"`);
  });
});

describe('my feed', () => {
  it('holds the posts of what I follow or belong to, members-only ones included by the rule', async () => {
    const feed = async (as: Session) => ((await (await box.request('/api/v1/feed?limit=100', { as })).json()) as { items: { id: string }[] }).items.map((post) => post.id);
    const followerFeed = await feed(follower);
    expect(followerFeed).toEqual(expect.arrayContaining([publicPost, membersPost]));
    expect(followerFeed).not.toContain(privatePost);
    expect(await feed(member)).toEqual(expect.arrayContaining([publicPost, membersPost, privatePost]));
    expect(await feed(outsider)).toEqual([]);
    expect((await box.request('/api/v1/feed')).status).toBe(401);
    expect((await box.request('/feed')).status).toBe(303);
  });

  it('pages through with a cursor, newest first', async () => {
    const first = (await (await box.request('/api/v1/feed?limit=2', { as: follower })).json()) as { items: { id: string }[]; nextCursor: string };
    const second = (await (await box.request(`/api/v1/feed?limit=2&cursor=${first.nextCursor}`, { as: follower })).json()) as { items: { id: string }[] };
    const ids = [...first.items, ...second.items].map((post) => post.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(4);
  });
});

describe('Atom feeds', () => {
  it('the live feed is valid Atom with the public posts only, even asked with a member’s cookie', async () => {
    const response = await box.request('/live.atom?zone=commune:26114', { as: member });
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(wellFormed(xml)).toBe('feed');
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom"');
    const ids = entries(xml).map((entry) => entry.id);
    expect(ids).toContain(publicPost);
    expect(ids).not.toContain(membersPost);
    expect(ids).not.toContain(privatePost);
    const entry = entries(xml).find((item) => item.id === publicPost)!;
    expect(entry.link).toBe(`http://box.test/posts/${publicPost}`);
    expect(entry.content).toContain('Tom &amp; Jerry &lt;3');
    expect(entry.content).toContain('href="http://box.test/live?tag=fete"');
  });

  it('a wall’s feed is valid Atom with its public posts only; a wall hidden from the public has none', async () => {
    const xml = await (await box.request(`/e/${association.slug}/posts.atom`, { as: admin })).text();
    expect(wellFormed(xml)).toBe('feed');
    const ids = entries(xml).map((entry) => entry.id);
    expect(ids).toContain(publicPost);
    expect(ids).not.toContain(membersPost);
    expect(ids).not.toContain(privatePost);
    const page = await (await box.request(`/e/${association.slug}`)).text();
    expect(page).toContain(`<link rel="alternate" type="application/atom+xml" title="Publications de Foyer rural" href="/e/${association.slug}/posts.atom"/>`);
    const closed = await createElement(admin, { type: 'organization', kind: 'group', name: 'Cercle privé', visibility: 'private' });
    expect((await box.request(`/e/${closed.slug}/posts.atom`, { as: admin })).status).toBe(404);
  });

  it('a text with control characters and markup still makes valid XML', async () => {
    const id = await writePost(member, association.id, { body: 'Bip\u0007 <b>gras</b> & "guillemets" \'apostrophes\' ]]> fin' });
    const xml = await (await box.request(`/e/${association.slug}/posts.atom`)).text();
    expect(wellFormed(xml)).toBe('feed');
    expect(entries(xml).find((entry) => entry.id === id)?.content).toContain('&lt;b&gt;gras&lt;/b&gt;');
  });
});
