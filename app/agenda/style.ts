// The agenda's own styles, sent inline with its pages (the box's stylesheet stays the shared one):
// a 7-column grid on wide screens, a list of the days that have events on a phone, and a programme
// that prints on A4 in black and white.
export const agendaCss = `
.agenda-nav { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: .5rem 0 1rem; }
.agenda-nav .views a[aria-current] { font-weight: 700; text-decoration: none; }
.agenda-grid { display: grid; grid-template-columns: repeat(7, minmax(0, 1fr)); gap: 1px; background: #ccc; border: 1px solid #ccc;
  list-style: none; padding: 0; margin: 0; }
.agenda-grid > li { background: #fff; min-height: 6rem; padding: .25rem; overflow: hidden; }
.agenda-grid > li.outside { background: #f4f4f4; color: #666; }
.agenda-grid > li.today { outline: 2px solid #333; outline-offset: -2px; }
.agenda-grid .dow-head { min-height: 0; font-weight: 700; text-align: center; }
.agenda-day h3 { font-size: .9rem; margin: 0 0 .25rem; }
.agenda-day h3 .long { display: none; }
.occurrences { list-style: none; padding: 0; margin: 0; font-size: .85rem; }
.occurrences li { margin: 0 0 .35rem; line-height: 1.25; }
.occurrences time { font-variant-numeric: tabular-nums; font-weight: 700; margin-right: .25rem; }
.occurrences small { display: block; color: #555; }
.agenda-list .agenda-day { margin: 0 0 1rem; }
.agenda-list .agenda-day h3 .long { display: inline; } .agenda-list .agenda-day h3 .short { display: none; }
@media (max-width: 48rem) {
  .agenda-grid { display: block; border: 0; background: none; }
  .agenda-grid .dow-head, .agenda-grid > li.empty { display: none; }
  .agenda-grid > li { min-height: 0; border-bottom: 1px solid #ccc; padding: .5rem 0; }
  .agenda-day h3 .long { display: inline; } .agenda-day h3 .short { display: none; }
}
.programme h1 { margin-bottom: .25rem; } .programme .period { margin-top: 0; font-size: 1.1rem; }
.programme .agenda-day { break-inside: avoid; margin: 0 0 .75rem; }
.programme .agenda-day h3 { font-size: 1.05rem; border-bottom: 1px solid #000; margin: 0 0 .25rem; }
.programme .occurrences { font-size: .95rem; }
@media print {
  .programme, .programme * { color: #000 !important; background: #fff !important; }
  .programme a { text-decoration: none; }
  .programme .occurrences small { color: #000; }
  .agenda-nav, .filters { display: none !important; }
}
`;
