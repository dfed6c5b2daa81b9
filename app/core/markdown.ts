// Markdown to safe HTML: raw HTML in the source is escaped, only http(s)/mailto/local links survive, and an
// image from outside the box becomes a link to it (its text inside a link): a page of the box never makes a
// browser fetch anything from outside, nor lets a text track who reads it.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });
markdown.validateLink = (url) => /^(https?:|mailto:|\/|#)/i.test(url.trim());

const isLocal = (src: string) => src.startsWith('/') && !src.startsWith('//');
const defaultImage = markdown.renderer.rules.image!;

markdown.renderer.rules.image = (tokens, index, options, env, self) => {
  const token = tokens[index];
  const src = String(token.attrGet('src') ?? '');
  if (isLocal(src)) return defaultImage(tokens, index, options, env, self);
  const alt = markdown.utils.escapeHtml(self.renderInlineAsText(token.children ?? [], options, env));
  const openLinks = tokens.slice(0, index).reduce((open, before) => open + (before.type === 'link_open' ? 1 : before.type === 'link_close' ? -1 : 0), 0);
  return openLinks > 0 ? alt : `<a href="${markdown.utils.escapeHtml(src)}">${alt || markdown.utils.escapeHtml(src)}</a>`;
};

export const renderMarkdown = (source: string) => markdown.render(source);
