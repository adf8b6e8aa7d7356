-- Content in several languages (issue 23, item 4): a thing's title and
-- description in more of its community's languages, beside the original
-- in the thing's own row. subject_type 'community' with subject_id the
-- community's id is the community itself.
CREATE TABLE translations (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    lang         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    updated_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, subject_type, subject_id, lang)
);

-- The language a thing's own fields are written in, when its author said
-- it is not the community's first language.
CREATE TABLE original_languages (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    subject_type TEXT NOT NULL,
    subject_id   TEXT NOT NULL,
    lang         TEXT NOT NULL,
    PRIMARY KEY (community_id, subject_type, subject_id)
);
