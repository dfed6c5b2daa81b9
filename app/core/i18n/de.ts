// Deutscher Katalog. Dieselben Schlüssel wie en.ts.
import { en, type Catalog } from './en.ts';
export const de: Catalog = { ...en };
