// Element pages as a visitor gets them: language, structured data, safe Markdown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { addLink } from '../links/storage.ts';

let box: TestBox;
let author: Session;
let element: { id: string; slug: string };

beforeAll(async () => {
  box = createTestBox({ demo: true });
  author = await box.register('autrice');
  const response = await box.json('/api/v1/elements', 'POST', {
    type: 'organization', kind: 'association', name: 'Les Tisseuses', communeInsee: '26114', lat: 44.5265, lon: 5.0617,
    description: 'Bienvenue **à toutes**.\n\n<script>alert(1)</script>\n\n[piège](javascript:alert(2)) [site](https://example.org)',
  }, author);
  element = (await response.json()) as typeof element;
});
afterAll(() => box.close());

describe('element pages', () => {
  it('describe the element for machines with schema.org JSON-LD', async () => {
    const page = await (await box.request(`/e/${element.slug}`)).text();
    const json = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1];
    expect(json).toBeDefined();
    expect(JSON.parse(json!)).toMatchObject({ '@context': 'https://schema.org', '@type': 'NGO', name: 'Les Tisseuses', geo: { latitude: 44.5265 } });
  });

  it('render Markdown without letting HTML or javascript: links through', async () => {
    const page = await (await box.request(`/e/${element.slug}`)).text();
    expect(page).toContain('<strong>à toutes</strong>');
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;');
    expect(page).not.toContain('href="javascript:');
    expect(page).toContain('href="https://example.org"');
  });

  it('speak French by default, follow Accept-Language, and the switcher’s choice wins', async () => {
    expect(await (await box.request('/')).text()).toContain('<html lang="fr"');
    expect(await (await box.request('/', { headers: { 'accept-language': 'de-DE,de;q=0.9' } })).text()).toContain('<html lang="de"');
    const switched = await box.request('/lang/en?back=/events', { headers: { 'accept-language': 'de' } });
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe('/events');
    const cookie = switched.headers.getSetCookie().find((c) => c.startsWith('copi_lang='))!.split(';')[0];
    expect(await (await box.request('/events', { headers: { cookie, 'accept-language': 'de' } })).text()).toContain('<html lang="en"');
  });

  it('never send the visitor off the box after switching language', async () => {
    const response = await box.request('/lang/fr?back=//evil.example/');
    expect(response.headers.get('location')).toBe('/');
  });

  it('load nothing from outside the box', async () => {
    const page = await (await box.request(`/e/${element.slug}`)).text();
    const sources = [...page.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    const outside = sources.filter((url) => /^(https?:)?\/\//.test(url) && !url.startsWith('https://example.org'));
    expect(outside).toEqual([]);
  });

  it('list upcoming demo events on the home page, soonest first', async () => {
    const home = await (await box.request('/', { headers: { 'accept-language': 'en' } })).text();
    const upcoming = home.slice(home.indexOf('Upcoming events'), home.indexOf('Latest on the box'));
    expect(upcoming).toContain('Marché paysan du vendredi');
    expect(upcoming).not.toContain('Vogue de Bourdeaux'); // a past event
  });

  it('show the first members and page through all of them, counting only those the visitor may see', async () => {
    const club = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'group', name: 'Club des 20' }, author)).json()) as { id: string; slug: string };
    const people = box.deps.db.prepare("SELECT id, visibility FROM elements WHERE type = 'person' AND is_demo = 1 LIMIT 20").all() as { id: string }[];
    box.deps.db.prepare("UPDATE elements SET visibility = 'private' WHERE id = ?").run(people[0].id);
    for (const person of people) addLink(box.deps.db, { fromId: person.id, toId: club.id, kind: 'member' });
    // 20 demo persons (one private) and the author (members-only profile): anonymous visitors see 19.
    const page = await (await box.request(`/e/${club.slug}`, { headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain('Members (19)');
    expect(page).toContain(`href="/e/${club.slug}/linked/members"`);
    const all = await (await box.request(`/e/${club.slug}/linked/members`)).text();
    expect(all.match(/class="card"/g)).toHaveLength(19);
    const signedIn = await (await box.request(`/e/${club.slug}/linked/members`, { as: author })).text();
    expect(signedIn.match(/class="card"/g)).toHaveLength(20);
    expect((await box.request(`/e/${club.slug}/linked/nonsense`)).status).toBe(404);
  });
});
