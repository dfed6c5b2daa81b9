// The weekly sheet pinned on a room's door: one A4 page, black on white, readable from a step away.
// A page of its own (no navigation, no colours) so that printing it gives exactly the sheet.
import type { Ctx } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { html, renderDocument } from '../web/html.ts';
import { pageContext } from '../web/page.ts';
import { roomWeek, type RoomView } from './actions.ts';
import { WeekTable, dayName } from './components.ts';

const sheetCss = `
  @page { size: A4 portrait; margin: 12mm; }
  body { font: 12pt/1.35 system-ui, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 186mm; }
  h1 { font-size: 22pt; margin: 0 0 2mm; } .place { font-size: 13pt; margin: 0 0 4mm; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #000; padding: 2.5mm; text-align: left; vertical-align: top; }
  tbody th { width: 32mm; text-transform: capitalize; } thead th { font-size: 10pt; }
  tbody tr { height: 26mm; page-break-inside: avoid; } ul.slots { margin: 0; padding: 0; list-style: none; } ul.slots li + li { margin-top: 1.5mm; }
  .free { color: #000; font-style: italic; } .badge { border: 1px solid #000; padding: 0 1.5mm; font-size: 9pt; }
  .foot { margin-top: 4mm; font-size: 10pt; } .screen-only { margin: 4mm 0; }
  @media print { .screen-only { display: none; } a { color: #000; text-decoration: none; } }
`;

export function roomSheet(deps: Deps, c: Ctx, view: RoomView, monday: string): string {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const week = roomWeek(deps, view.room.id, monday);
  const range = `${dayName(ctx.locale, week.days[0].date)} – ${dayName(ctx.locale, week.days[6].date)}`;
  return renderDocument(html`<html lang=${ctx.locale}>
    <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${view.room.name} · ${range}</title><style dangerouslySetInnerHTML=${{ __html: sheetCss }} /></head>
    <body class="door-sheet">
      <p class="screen-only"><a href=${`/rooms/${view.room.id}?week=${monday}`}>← ${view.room.name}</a> · ${t('room.printHint')}</p>
      <h1>${view.room.name}</h1>
      <p class="place">${view.place.name} · ${range}</p>
      <${WeekTable} ctx=${ctx} week=${week} />
      <p class="foot">${t('booking.timezone', { timezone: week.timezone })} · ${t('room.bookAt', { url: `${deps.config.publicUrl}/rooms/${view.room.id}` })}</p>
    </body>
  </html>`);
}
