import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.ts';

describe('Markdown of descriptions, posts and comments', () => {
  it('turns an image from outside the box into a link, so no page fetches from outside; the box’s own images stay', () => {
    expect(renderMarkdown('![Le lavoir](https://tracker.example/pixel.png)')).toBe('<p><a href="https://tracker.example/pixel.png">Le lavoir</a></p>\n');
    expect(renderMarkdown('[![Le lavoir](https://tracker.example/pixel.png)](https://mairie.example)')).toBe('<p><a href="https://mairie.example">Le lavoir</a></p>\n');
    expect(renderMarkdown('![Affiche](/media/0190/thumb)')).toBe('<p><img src="/media/0190/thumb" alt="Affiche"></p>\n');
  });

  it('escapes raw HTML and drops javascript: links', () => {
    expect(renderMarkdown('<script>alert(1)</script> [clic](javascript:alert(1))')).not.toMatch(/<script|href="javascript/i);
  });
});
