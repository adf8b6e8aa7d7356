-- Report a direct message (issue 15, item 14): a participant reports one
-- message to a community both people share. The flag keeps a copy of that
-- one message (its quote), which is all the reviewers read; a report
-- upheld hides the message from its conversation.
ALTER TABLE messages ADD COLUMN moderation TEXT NOT NULL DEFAULT 'visible';

ALTER TABLE flags ADD COLUMN quote TEXT NOT NULL DEFAULT '';
ALTER TABLE flags DROP CONSTRAINT flags_subject_type_check;
ALTER TABLE flags ADD CONSTRAINT flags_subject_type_check
    CHECK (subject_type IN ('resource', 'organization', 'activity', 'initiative', 'thread', 'proposal', 'post', 'person', 'message'));
-- A person's reports of a message, across communities: counted once.
CREATE INDEX flags_flagger_subject ON flags (flagger_id, subject_type, subject_id);
