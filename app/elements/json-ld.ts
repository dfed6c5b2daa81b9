// schema.org description of an element, embedded in its page for search engines and apps on the LAN.
import type { Element } from './model.ts';

const schemaType = (element: Element): string => {
  if (element.type === 'person') return 'Person';
  if (element.type === 'event') return 'Event';
  if (element.type === 'project') return 'Project';
  if (element.type === 'poi') return 'Place';
  return { association: 'NGO', business: 'LocalBusiness', public_body: 'GovernmentOrganization' }[element.kind ?? ''] ?? 'Organization';
};

export function jsonLd(element: Element, baseUrl: string): string {
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': schemaType(element),
    '@id': `${baseUrl}/e/${element.slug}`,
    name: element.name,
    url: `${baseUrl}/e/${element.slug}`,
    ...(element.shortDescription ? { description: element.shortDescription } : {}),
    ...(element.tags.length ? { keywords: element.tags.join(', ') } : {}),
  };
  if (element.address.street || element.address.postalCode || element.address.locality) {
    data.address = {
      '@type': 'PostalAddress', streetAddress: element.address.street, postalCode: element.address.postalCode,
      addressLocality: element.address.locality, addressCountry: element.address.country,
    };
  }
  if (element.position) data.geo = { '@type': 'GeoCoordinates', latitude: element.position.lat, longitude: element.position.lon };
  if (element.type === 'event') {
    Object.assign(data, { startDate: element.startsAt, ...(element.endsAt ? { endDate: element.endsAt } : {}), eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode' });
  }
  // "<" escaped so a name can never close the script element it sits in.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
