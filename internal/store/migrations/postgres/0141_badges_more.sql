-- Badges: two more rules (taught an activity; kept a partnership
-- commitment), a holder's choice to show an award publicly, and an
-- uploaded image for an achievement (re-encoded as PNG, so that it can be
-- baked).
ALTER TABLE achievements DROP CONSTRAINT achievements_rule_check;
ALTER TABLE achievements ADD CONSTRAINT achievements_rule_check CHECK (rule IN ('', 'hours', 'sessions', 'taught', 'commitment'));
ALTER TABLE awards ADD COLUMN public BOOLEAN NOT NULL DEFAULT FALSE; -- the holder shows it on their public profile

CREATE TABLE achievement_images (
    community_id   TEXT NOT NULL,
    achievement_id TEXT NOT NULL,
    data           BYTEA NOT NULL, -- PNG, re-encoded
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, achievement_id),
    FOREIGN KEY (community_id, achievement_id) REFERENCES achievements (community_id, id) ON DELETE CASCADE
);
