-- Report anything people write (issue 15, item 14): activities,
-- initiatives, threads, posts and learning requests are moderated as resources
-- and organizations are, and reports may name them.
ALTER TABLE activities ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE initiatives ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE threads ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE activity_proposals ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';
ALTER TABLE posts ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';

ALTER TABLE flags DROP CONSTRAINT flags_subject_type_check;
ALTER TABLE flags ADD CONSTRAINT flags_subject_type_check
    CHECK (subject_type IN ('resource', 'organization', 'activity', 'initiative', 'thread', 'proposal', 'post'));
