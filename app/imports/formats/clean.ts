// Small cleanups shared by the formats: real files write websites without a scheme, numbers with a comma,
// dates as 01/02/2026, and "0001-01-01" for "no date".

/** A website as the element form takes it (https:// added to "www.…"), or undefined when it is not one. */
export function cleanUrl(value: string | undefined): string | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const withScheme = /^https?:\/\//i.test(text) ? text : /^[\w-]+(\.[\w-]+)+(\/\S*)?$/.test(text) ? `https://${text}` : null;
  if (!withScheme) return undefined;
  try {
    return new URL(withScheme).href.length <= 500 ? withScheme : undefined;
  } catch {
    return undefined;
  }
}

/** An e-mail address when the value looks like one. */
export const cleanEmail = (value: string | undefined) => {
  const text = value?.trim();
  return text && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text) && text.length <= 200 ? text : undefined;
};

/** A phone number with only the characters the element form accepts. */
export const cleanPhone = (value: string | undefined) => {
  const text = value?.trim().replace(/[^0-9+ ().-]/g, '') ?? '';
  return text.length <= 40 ? text : '';
};

/** "48,8566", "48.8566", " 2 350,5 " → a number; anything else → undefined. */
export function frenchNumber(value: string | undefined): number | undefined {
  const text = value?.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (!text) return undefined;
  const normalized = /^-?\d+,\d+$/.test(text) ? text.replace(',', '.') : text;
  const number = Number(normalized);
  return Number.isFinite(number) ? number : undefined;
}

/** "2026-03-01", "01/03/2026" or "1/3/2026" → "2026-03-01"; the placeholder "0001-01-01" and nonsense → undefined. */
export function frenchDate(value: string | undefined): string | undefined {
  const text = value?.trim() ?? '';
  let match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  let [year, month, day] = match ? [match[1], match[2], match[3]] : ['', '', ''];
  if (!match) {
    match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
    if (!match) return undefined;
    [day, month, year] = [match[1].padStart(2, '0'), match[2].padStart(2, '0'), match[3]];
  }
  if (Number(year) < 1800) return undefined;
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? `${year}-${month}-${day}` : undefined;
}

const daysInMonth = (year: number, month: number) =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/** Words joined by one space, empty parts left out. */
export const joinWords = (...parts: (string | undefined)[]) => parts.map((part) => part?.trim() ?? '').filter(Boolean).join(' ').replace(/\s+/g, ' ');

/** Text cut to a length, on a word when one is near. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/** A tag the element form accepts: no , # < >, at most 40 characters. */
export const cleanTag = (value: string) => value.replace(/[,#<>]/g, ' ').replace(/\s+/g, ' ').trim().toLowerCase().slice(0, 40);
