// The browser's clock, sent with a form: a hidden field a few lines of script fill in when the form is sent.
// Without JavaScript it stays empty and nothing happens (a Pi's clock is then left as it is).
import { html } from '../web/html.ts';

const fill = "document.currentScript.previousElementSibling.form.addEventListener('submit',function(e){e.target.elements.clientTime.value=String(Date.now())})";

export function BrowserTime() {
  return html`<input type="hidden" name="clientTime" value="" /><script dangerouslySetInnerHTML=${{ __html: fill }} />`;
}
