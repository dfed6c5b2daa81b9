// What a post's text mentions and tags, as a reader sees it: never inside code, links or e-mail addresses.
import { describe, expect, it } from 'vitest';
import { boxElementSlug, marksOf, renderPost } from './text.ts';

describe('mentions and tags in a text', () => {
  it('are found in the text, not in code, links or e-mail addresses', () => {
    const marks = marksOf('Merci @Camille-Martin (et @leo) #Fête #vélo-solidaire, contact@asso.fr `@code #code` [lien @x #y](https://a.example/#ancre)');
    expect(marks).toEqual({ mentions: ['camille-martin', 'leo'], tags: ['fête', 'vélo-solidaire'] });
  });

  it('a mention becomes a link with the name only for what the reader may see; its name is escaped', () => {
    const { html } = renderPost('Bonjour @ami et @inconnu', new Map([['ami', 'Ami <b>']]));
    expect(html).toContain('<a class="mention" href="/e/ami">@Ami &lt;b&gt;</a> et @inconnu');
  });

  it('links of the box name an element by slug; other sites never do', () => {
    const hosts = new Set(['box.test', '10.42.0.1']);
    expect(boxElementSlug('/e/foyer-rural', hosts)).toBe('foyer-rural');
    expect(boxElementSlug('http://10.42.0.1:8080/e/foyer-rural/', hosts)).toBe('foyer-rural');
    expect(boxElementSlug('https://ailleurs.example/e/foyer-rural', hosts)).toBeNull();
    expect(boxElementSlug('/e/foyer-rural/edit', hosts)).toBeNull();
    expect(boxElementSlug('javascript:alert(1)', hosts)).toBeNull();
  });
});
