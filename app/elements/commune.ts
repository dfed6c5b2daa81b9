// Which commune an element belongs to, and so every zone above it: by the INSEE code of its
// address, else by postal code + commune name (a postal code can cover up to 46 communes), else by
// its position (the nearest commune). A postal code that fits several communes asks for the name.
import { fieldError } from '../core/validation.ts';
import type { ZoneDb } from '../zones/zone-db.ts';

export interface AddressFields {
  communeInsee: string | null;
  postalCode: string;
  locality: string;
  lat: number | null;
  lon: number | null;
}

/** The address with its commune filled in (current INSEE code, and the commune's name as locality when none was given). */
export function assignCommune(zones: ZoneDb, address: AddressFields): AddressFields {
  const position = address.lat !== null && address.lon !== null ? { lat: address.lat, lon: address.lon } : {};
  let query;
  if (address.communeInsee) query = { insee: address.communeInsee };
  else if (address.postalCode) query = { postalCode: address.postalCode, name: address.locality || undefined, ...position };
  else if (address.lat !== null && address.lon !== null) query = position;
  else return address;

  const found = zones.resolveCommune(query);
  if (found.status === 'ambiguous') {
    const names = found.candidates.map((commune) => commune.name).join(', ');
    throw fieldError('locality', `The postal code ${address.postalCode} covers several communes: ${names}; give the commune's name`);
  }
  if (found.status === 'not-found') {
    if (address.communeInsee) throw fieldError('communeInsee', 'Unknown commune (INSEE code)');
    if (address.postalCode) throw fieldError('postalCode', 'No commune has this postal code');
    return address; // a position outside France: no commune, and that is fine
  }
  if (address.postalCode && address.locality && found.by === 'postal-code' && !address.communeInsee) {
    // One commune for the code, but the name given is another one's: say so rather than guess.
    const byName = zones.resolveCommune({ postalCode: address.postalCode, name: address.locality });
    if (byName.status === 'found' && byName.commune.id !== found.commune.id) throw fieldError('locality', 'This commune does not have this postal code');
  }
  return { ...address, communeInsee: found.commune.code, locality: address.locality || found.commune.name };
}
