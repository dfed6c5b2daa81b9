// What the box admin changes on the settings page: name, default language, welcome text, colours, territory.
// Each change is one transaction; deps.box (read once at start) is updated after it, so pages follow at once.
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { forbidden } from '../core/errors.ts';
import { locales, type Locale } from '../core/i18n/index.ts';
import { fieldError, parse, text } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { replaceTerritory, territoryChoice, type TerritoryChoice } from '../setup/territory.ts';
import { accentReadable, colourSchema, inkReadable } from './theme.ts';
import { saveBoxColours, saveBoxIdentity } from './settings.ts';

export function boxAdminOnly(viewer: Viewer | null): Viewer {
  const person = signedIn(viewer);
  if (!person.isBoxAdmin) throw forbidden('Only a box admin can change the settings of the box');
  return person;
}

export const maxWelcomeLength = 4000;

const identitySchema = z.object({
  name: text(60).trim().min(1),
  locale: z.enum(locales),
  welcome: text(maxWelcomeLength).trim(),
});

export function saveIdentity(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en') {
  boxAdminOnly(viewer);
  const identity = parse(identitySchema, input, locale);
  transaction(deps.db, () => saveBoxIdentity(deps.db, identity));
  Object.assign(deps.box, identity);
  return identity;
}

/** An empty colour is CoPi's own. */
const optionalColour = z.preprocess((value) => (value === '' ? null : value), colourSchema.nullable());
const coloursSchema = z.object({ accent: optionalColour, ink: optionalColour });

export function saveColours(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en') {
  boxAdminOnly(viewer);
  const colours = parse(coloursSchema, input, locale);
  if (colours.accent && !accentReadable(colours.accent)) {
    throw fieldError('accent', 'White text on this accent colour is hard to read (contrast below 4.5:1): choose a darker colour');
  }
  if (colours.ink && !inkReadable(colours.ink)) {
    throw fieldError('ink', 'This text colour is hard to read on the page background (contrast below 4.5:1): choose a darker colour');
  }
  transaction(deps.db, () => saveBoxColours(deps.db, colours));
  Object.assign(deps.box, colours);
  return colours;
}

/** Makes the chosen intercommunalities or communes the box's territory (as the first-boot wizard does). */
export function saveTerritory(deps: Deps, viewer: Viewer | null, zoneIds: string[]): TerritoryChoice {
  boxAdminOnly(viewer);
  const choice = territoryChoice(deps.zones, zoneIds);
  if (!choice) throw fieldError('zones', 'Choose an intercommunality or communes');
  transaction(deps.db, () => replaceTerritory(deps.db, choice));
  return choice;
}
