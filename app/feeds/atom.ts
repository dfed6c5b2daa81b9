// Atom feeds (RFC 4287) of public posts, written by hand: about fifty lines for one fixed shape, where a
// package would bring a general XML writer. Every text is escaped and stripped of the characters XML 1.0
// forbids; every address is absolute, from the box's public URL. Entry ids are the posts' UUIDs as URNs,
// so they never change when the box's address does.
import type { PostView } from '../posts/model.ts';
import { plainTitle } from '../posts/text.ts';

// Control characters (tab, line feed and carriage return excepted), lone surrogates and U+FFFE/U+FFFF.
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const escapeXml = (text: string) => text.replace(forbidden, '')
  .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** Links and images of the post's HTML made absolute: a feed reader has no page to resolve them against. */
const absolute = (html: string, base: string) => html.replace(/(href|src)="\/(?!\/)/g, `$1="${base}/`);

export interface AtomFeed {
  /** Absolute URL of the feed itself (its id too) and of the page it follows. */
  selfUrl: string;
  pageUrl: string;
  title: string;
  /** The box's public URL, without a trailing slash. */
  base: string;
  boxName: string;
  language: string;
  /** Shown as the author of a post whose person the public may not see. */
  someone: string;
  posts: PostView[];
}

function entry(post: PostView, feed: AtomFeed): string {
  const signer = post.signedAs ?? post.author;
  const url = `${feed.base}/posts/${post.id}`;
  return `  <entry>
    <id>urn:uuid:${post.id}</id>
    <title type="text">${escapeXml(plainTitle(post.body) || signer?.name || feed.someone)}</title>
    <published>${post.createdAt}</published>
    <updated>${post.updatedAt}</updated>
    <author><name>${escapeXml(signer?.name || feed.someone)}</name>${signer ? `<uri>${escapeXml(`${feed.base}/e/${signer.slug}`)}</uri>` : ''}</author>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
${post.tags.map((tag) => `    <category term="${escapeXml(tag)}"/>\n`).join('')}    <content type="html">${escapeXml(absolute(post.html, feed.base))}</content>
  </entry>
`;
}

/** The feed as an XML document. */
export function atomDocument(feed: AtomFeed, now: string): string {
  const updated = feed.posts.reduce((latest, post) => (post.updatedAt > latest ? post.updatedAt : latest), feed.posts[0]?.updatedAt ?? now);
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.language)}">
  <id>${escapeXml(feed.selfUrl)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <updated>${updated}</updated>
  <author><name>${escapeXml(feed.boxName)}</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>
  <generator>CoPi</generator>
${feed.posts.map((post) => entry(post, feed)).join('')}</feed>
`;
}
