-- Resources' addresses in parts, as organizations' (0145): the free-text
-- address column stays the street line (HSDS address_1).
ALTER TABLE resources ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN country TEXT NOT NULL DEFAULT '';
