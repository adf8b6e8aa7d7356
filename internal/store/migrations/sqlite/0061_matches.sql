-- What people did with the matcher's suggestions: acted on one (with what
-- it became) or declined it. One row per pair, so acting twice gives one
-- result and a declined pair is not suggested again.
CREATE TABLE match_decisions (
    community_id   TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    seeker_type    TEXT NOT NULL,
    seeker_id      TEXT NOT NULL,
    candidate_type TEXT NOT NULL,
    candidate_id   TEXT NOT NULL,
    decision       TEXT NOT NULL CHECK (decision IN ('acted', 'declined')),
    result_type    TEXT NOT NULL, -- what acting made: pledge, interest, answer, request
    result_id      TEXT NOT NULL,
    decided_by     TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, seeker_type, seeker_id, candidate_type, candidate_id)
);

-- A community's own synonyms for matching, beyond the standard groups:
-- one group of words that mean the same per row, one word per line.
CREATE TABLE community_synonyms (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    words        TEXT NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, id)
);
