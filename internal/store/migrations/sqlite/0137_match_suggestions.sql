-- A learning champion's "suggest this to …": one of the matcher's pairs
-- suggested by hand to one side of it (the seeker's people, or the
-- candidate's), with a note. Once per pair and side.
CREATE TABLE match_suggestions (
    community_id   TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    seeker_type    TEXT NOT NULL,
    seeker_id      TEXT NOT NULL,
    candidate_type TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    side           TEXT NOT NULL CHECK (side IN ('seeker', 'candidate')),
    note           TEXT NOT NULL,
    suggested_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, seeker_type, seeker_id, candidate_type, candidate_id, side)
);
