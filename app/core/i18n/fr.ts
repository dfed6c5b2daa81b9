// Catalogue français (langue par défaut de la box). Mêmes clés que en.ts.
import { en, type Catalog } from './en.ts';
export const fr: Catalog = { ...en };
