// Comments are plain text: shown as typed, paragraphs at blank lines and line breaks kept, nothing in them markup.
import { html } from '../web/html.ts';

export function PlainText({ text }: { text: string }) {
  return text.split(/\n{2,}/).map((paragraph) => html`<p>${paragraph.split('\n').map((line, index) => (index === 0 ? line : html`<br />${line}`))}</p>`);
}
