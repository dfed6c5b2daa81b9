// The box's colours: an accent (header, buttons, links; white text sits on it) and an ink (the text). Both
// are checked against WCAG's 4.5:1 contrast for normal text, so a box cannot make itself unreadable.
import { z } from 'zod';
import type { BoxSettings } from './settings.ts';

/** CoPi's own colours (app/web/public/copi.css), used when the box admin chose none. */
export const defaultColours = { accent: '#1f6f50', ink: '#1d2a26' } as const;
/** The page's background, behind the ink (--bg in copi.css). */
const pageBackground = '#fbfaf6';
export const minimumContrast = 4.5;

export const colourSchema = z.string().trim().toLowerCase().regex(/^#[0-9a-f]{6}$/, 'A colour is written #rrggbb, e.g. #1f6f50');

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(colour: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(colour.slice(at, at + 2), 16) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two #rrggbb colours, from 1 (none) to 21 (black on white). */
export function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

export const accentReadable = (accent: string) => contrast(accent, '#ffffff') >= minimumContrast;
export const inkReadable = (ink: string) => contrast(ink, pageBackground) >= minimumContrast;

const isColour = (value: string | null): value is string => value !== null && /^#[0-9a-f]{6}$/.test(value);

/** The rule overriding copi.css's colours, or null when the box keeps CoPi's own; only #rrggbb reaches the page. */
export function themeCss(box: Pick<BoxSettings, 'accent' | 'ink'>): string | null {
  const rules = [isColour(box.accent) ? `--accent:${box.accent}` : '', isColour(box.ink) ? `--ink:${box.ink}` : ''].filter(Boolean);
  return rules.length > 0 ? `:root{${rules.join(';')}}` : null;
}
