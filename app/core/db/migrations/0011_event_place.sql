-- Where an event takes place: a place of the box (a POI element: the salle des fêtes, the tiers-lieu),
-- besides or instead of a typed address. Its agenda then lists the event. Added, never renamed:
-- elements sync between boxes.
ALTER TABLE elements ADD COLUMN place_id TEXT REFERENCES elements (id) ON DELETE SET NULL;
CREATE INDEX elements_place ON elements (place_id) WHERE place_id IS NOT NULL;
