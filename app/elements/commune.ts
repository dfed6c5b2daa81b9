// Which commune an element belongs to, and so every zone above it: by the INSEE code of its
// address, else by postal code + commune name (a postal code can cover up to 46 communes), else by
// its position (the commune whose outline holds it, else the nearest commune). A postal code that
// fits several communes asks for the name.
import { fieldError } from '../core/validation.ts';
import type { ZoneDb } from '../zones/zone-db.ts';

export interface AddressFields {
  communeInsee: string | null;
  postalCode: string;
  locality: string;
  lat: number | null;
  lon: number | null;
}

/** How the commune was found (elements.commune_source): only 'position' is placed again when zones change. */
export type CommuneSource = 'insee' | 'postal-code' | 'name' | 'position';

export interface AssignedAddress extends AddressFields {
  communeSource: CommuneSource | null;
}

const sourceOf = { insee: 'insee', 'former-insee': 'insee', 'postal-code': 'postal-code', 'postal-code-and-name': 'postal-code',
  'postal-code-and-position': 'postal-code', name: 'name', position: 'position' } as const;

/** The address with its commune filled in (current INSEE code, and the commune's name as locality when none was given). */
export function assignCommune(zones: ZoneDb, address: AddressFields): AssignedAddress {
  const position = address.lat !== null && address.lon !== null ? { lat: address.lat, lon: address.lon } : {};
  let query;
  if (address.communeInsee) query = { insee: address.communeInsee };
  else if (address.postalCode) query = { postalCode: address.postalCode, name: address.locality || undefined, ...position };
  else if (address.lat !== null && address.lon !== null) query = position;
  else return { ...address, communeSource: null };

  const found = zones.resolveCommune(query);
  if (found.status === 'ambiguous') {
    const names = found.candidates.map((commune) => commune.name).join(', ');
    throw fieldError('locality', `The postal code ${address.postalCode} covers several communes: ${names}; give the commune's name`);
  }
  if (found.status === 'not-found') {
    if (address.communeInsee) throw fieldError('communeInsee', 'Unknown commune (INSEE code)');
    if (address.postalCode) throw fieldError('postalCode', 'No commune has this postal code');
    return { ...address, communeSource: null }; // a position outside France: no commune, and that is fine
  }
  if (address.postalCode && address.locality && found.by === 'postal-code' && !address.communeInsee) {
    // One commune for the code, but the name given is another one's: say so rather than guess.
    const byName = zones.resolveCommune({ postalCode: address.postalCode, name: address.locality });
    if (byName.status === 'found' && byName.commune.id !== found.commune.id) throw fieldError('locality', 'This commune does not have this postal code');
  }
  return { ...address, communeInsee: found.commune.code, locality: address.locality || found.commune.name, communeSource: sourceOf[found.by] };
}
