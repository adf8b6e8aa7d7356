-- Threads: a community's discussions, maybe about one thing in it. A pinned
-- thread is an announcement on the community's home.
CREATE TABLE threads (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    author_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    subject_type TEXT,  -- resource, organization (and later initiative, activity)
    subject_id   TEXT,
    pinned       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_post_at TIMESTAMPTZ NOT NULL,
    post_count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, id)
);
CREATE UNIQUE INDEX threads_id ON threads (id);
CREATE INDEX threads_recent ON threads (community_id, last_post_at);
CREATE INDEX threads_subject ON threads (community_id, subject_type, subject_id);

-- Posts in threads. A deleted post keeps its row, without its text, so that
-- replies to it keep their place.
CREATE TABLE posts (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    thread_id    TEXT NOT NULL,
    author_id    TEXT REFERENCES users (id) ON DELETE SET NULL,
    reply_to     TEXT,
    body         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    edited_at    TIMESTAMPTZ,
    deleted_at   TIMESTAMPTZ,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, thread_id) REFERENCES threads (community_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX posts_id ON posts (id);
CREATE INDEX posts_thread ON posts (thread_id, id);
-- Flood control counts a person's recent posts and messages.
CREATE INDEX posts_author ON posts (author_id, created_at);

-- Direct messages: conversations of two people or a small group. They
-- belong to no community.
CREATE TABLE conversations (
    id              TEXT PRIMARY KEY,
    pair_key        TEXT UNIQUE, -- the two ids, sorted, of a one-to-one conversation
    created_at      TIMESTAMPTZ NOT NULL,
    last_message_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE conversation_members (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_at    TIMESTAMPTZ,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

CREATE TABLE messages (
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    author_id       TEXT REFERENCES users (id) ON DELETE SET NULL,
    body            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (conversation_id, id)
);
CREATE INDEX messages_author ON messages (author_id, created_at);

-- A person's blocks: the blocked person cannot message them.
CREATE TABLE blocks (
    blocker_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);
