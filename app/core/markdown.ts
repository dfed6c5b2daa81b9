// Markdown to safe HTML: raw HTML in the source is escaped, and only http(s)/mailto links survive.
import MarkdownIt from 'markdown-it';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: true });
markdown.validateLink = (url) => /^(https?:|mailto:|\/|#)/i.test(url.trim());

export const renderMarkdown = (source: string) => markdown.render(source);
