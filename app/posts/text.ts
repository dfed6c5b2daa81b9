// A post's text: Markdown rendered by the box's one renderer (raw HTML escaped, unsafe links dropped),
// then @mentions and #tags found in the rendered text — never inside a link or code — and made links.
// The renderer's output is regular (tags, and text with & < > " escaped), so splitting it on tags is safe.
import { renderMarkdown } from '../core/markdown.ts';

// After the start of a text run, a space or an opening parenthesis: "contact@asso.fr" mentions no one.
// Group 2 is a mention's slug, group 3 a tag (at most 40 characters, not ending with a dash).
const marksPattern = /(^|[\s(])(?:@([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?![\w-])|#([\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,38}[\p{L}\p{N}_])?)(?![\p{L}\p{N}_-]))/gu;

export interface Marks {
  /** Slugs written as @slug, lower-cased, each once. */
  mentions: string[];
  /** Tags written as #tag, lower-cased, each once. */
  tags: string[];
}

/** A tag as stored: lower case, without its #. */
export const normalizeTag = (tag: string) => tag.replace(/^#/, '').normalize('NFC').toLowerCase();

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeHtml = (text: string) => text.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

interface Walker {
  /** A run of text outside links, code and preformatted blocks. */
  text?: (text: string) => string;
  /** A link's opening tag and its target (unescaped). */
  link?: (tag: string, href: string) => string;
}

/** Walks the renderer's HTML, tag by tag, letting `walker` rewrite parts; returns the HTML rewritten. */
function walk(html: string, walker: Walker): string {
  let inLink = 0;
  let inCode = 0;
  return html.split(/(<[^>]*>)/).map((part) => {
    if (!part.startsWith('<')) return inLink === 0 && inCode === 0 && part && walker.text ? walker.text(part) : part;
    if (part.startsWith('<a ') || part === '<a>') {
      inLink++;
      const href = /^<a href="([^"]*)"/.exec(part)?.[1];
      return href !== undefined && walker.link ? walker.link(part, unescapeHtml(href)) : part;
    }
    if (part === '</a>') inLink = Math.max(0, inLink - 1);
    else if (/^<(code|pre)[\s>]/.test(part)) inCode++;
    else if (/^<\/(code|pre)>/.test(part)) inCode = Math.max(0, inCode - 1);
    return part;
  }).join('');
}

/** The mentions and tags a text holds, as the renderer sees them. */
export function marksOf(source: string): Marks {
  const mentions = new Set<string>();
  const tags = new Set<string>();
  walk(renderMarkdown(source), {
    text(text) {
      for (const match of text.matchAll(marksPattern)) {
        if (match[2]) mentions.add(match[2].toLowerCase());
        else tags.add(normalizeTag(match[3]));
      }
      return text;
    },
  });
  return { mentions: [...mentions], tags: [...tags] };
}

export interface RenderedPost {
  html: string;
  /** Targets of the links the author wrote (not mentions or tags), each once. */
  links: string[];
}

/**
 * The post's HTML: mentions of `mentioned` (slug → name, only what the viewer may see) become links to
 * the element with its name, other @words stay text; tags link to the live feed filtered by them (images
 * from outside the box are already links: see core/markdown.ts).
 */
export function renderPost(source: string, mentioned: ReadonlyMap<string, string>): RenderedPost {
  const links = new Set<string>();
  const html = walk(renderMarkdown(source), {
    link(tag, href) {
      links.add(href);
      return tag;
    },
    text: (text) => text.replace(marksPattern, (whole, before: string, slug: string | undefined, tag: string | undefined) => {
      if (tag !== undefined) return `${before}<a class="tag" href="/live?tag=${encodeURIComponent(normalizeTag(tag))}">#${tag}</a>`;
      const name = mentioned.get(slug!.toLowerCase());
      return name === undefined ? whole : `${before}<a class="mention" href="/e/${slug!.toLowerCase()}">@${escapeHtml(name)}</a>`;
    }),
  });
  return { html, links: [...links] };
}

/**
 * The slug of an element page of this box a link points to: `/e/<slug>` relative, or absolute on one of
 * the box's own host names; null for any other link (outside links stay plain links, never fetched).
 */
export function boxElementSlug(href: string, boxHosts: ReadonlySet<string>): string | null {
  let url: URL;
  const relative = href.startsWith('/') && !href.startsWith('//');
  try {
    url = new URL(href, 'http://relative.invalid');
  } catch {
    return null;
  }
  if (!relative && !((url.protocol === 'http:' || url.protocol === 'https:') && boxHosts.has(url.hostname.toLowerCase()))) return null;
  return /^\/e\/([a-z0-9]+(?:-[a-z0-9]+)*)\/?$/.exec(url.pathname)?.[1] ?? null;
}

/** The first line of a post's text as plain words, for a title (Atom, page title). */
export function plainTitle(source: string, max = 80): string {
  const line = source.split('\n').map((part) => part.trim()).find(Boolean) ?? '';
  const plain = line.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/^\s*([-+]|\d+\.)\s+/, '').replace(/[*_`>#]/g, '')
    .replace(/\s+/g, ' ').trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}
