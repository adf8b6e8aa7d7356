-- A person who stopped a thread's notifications (issue 15, item 9): while
-- the row is here, new posts in the thread and replies to them there do
-- not notify them; a mention by name still does. Deleting the row
-- resumes them.
CREATE TABLE thread_mutes (
    community_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (community_id, thread_id, user_id),
    FOREIGN KEY (community_id, thread_id) REFERENCES threads (community_id, id) ON DELETE CASCADE
);
