-- Organizations' addresses in parts and their contact (HSDS address,
-- contact and phone). The free-text address column stays: it is the
-- address's first line (address_1), so what was written is kept as it was.
ALTER TABLE organizations ADD COLUMN city TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN region TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN contact_title TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN contact_public BOOLEAN NOT NULL DEFAULT FALSE;
