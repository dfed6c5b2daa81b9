-- How an element's commune was found: 'insee' (its address gave the INSEE code), 'postal-code'
-- (postal code + name), 'position' (the commune holding its point, else the nearest), NULL when it
-- has none or was written before this column. When the zone database changes (communes merge,
-- outlines arrive from a USB stick), only 'position' rows are placed again: the others carry what
-- the author wrote. Added, never renamed: elements sync between boxes.
ALTER TABLE elements ADD COLUMN commune_source TEXT;
