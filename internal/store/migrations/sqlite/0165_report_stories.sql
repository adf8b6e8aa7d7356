-- Most Significant Change stories a partner report attaches, in the order
-- its author gave them.
CREATE TABLE partner_report_stories (
    community_id TEXT NOT NULL,
    report_id    TEXT NOT NULL,
    story_id     TEXT NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (community_id, report_id, story_id),
    FOREIGN KEY (community_id, report_id) REFERENCES partner_reports (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, story_id) REFERENCES msc_stories (community_id, id) ON DELETE CASCADE
);
CREATE INDEX partner_report_stories_story ON partner_report_stories (community_id, story_id);
