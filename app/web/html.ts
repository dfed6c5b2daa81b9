// Server-side rendering with Preact through htm tagged templates: no JSX, so no compile step
// (Node's type stripping runs the server as is) and the same components can hydrate as islands.
import { h, type ComponentChildren, type VNode } from 'preact';
import htm from 'htm';
import { renderToString } from 'preact-render-to-string';

// htm's typings are CommonJS-shaped, so under NodeNext TypeScript misreads its default export.
const bindable = htm as unknown as { bind(factory: typeof h): (strings: TemplateStringsArray, ...values: unknown[]) => VNode };
export const html = bindable.bind(h);
export type { ComponentChildren, VNode };

export const renderDocument = (page: VNode) => '<!doctype html>' + renderToString(page);
