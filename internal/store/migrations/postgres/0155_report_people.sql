-- Report anything people write (issue 15, item 14): a person, as others
-- meet them in a community, is reported and reviewed as content is; a
-- member row holds where they stand.
ALTER TABLE members ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';

ALTER TABLE flags DROP CONSTRAINT flags_subject_type_check;
ALTER TABLE flags ADD CONSTRAINT flags_subject_type_check
    CHECK (subject_type IN ('resource', 'organization', 'activity', 'initiative', 'thread', 'proposal', 'post', 'person'));
