-- An answered offer or request settled by a time bank transfer: the
-- transfer, written in the same transaction that marks it fulfilled.
ALTER TABLE intents ADD COLUMN settled_transfer_id TEXT;
