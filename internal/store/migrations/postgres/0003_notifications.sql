-- What concerns a person: decisions on their bookings, requests to decide.
CREATE TABLE notifications (
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    community_id TEXT REFERENCES communities (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL, -- a catalog key suffix: notification.<kind>
    args         TEXT NOT NULL, -- JSON object of the message's arguments
    link         TEXT NOT NULL, -- where the notification leads, a path on this site
    created_at   TIMESTAMPTZ NOT NULL,
    read_at      TIMESTAMPTZ,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);
