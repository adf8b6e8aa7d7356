-- Indicators a community follows, the values reported for them, and the
-- reports the parties of a partnership give at its review date.
CREATE TABLE indicators (
    community_id TEXT NOT NULL REFERENCES communities (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('reported', 'learners_registered', 'space_hours_booked', 'partnerships_active',
                     'cross_sector_partnerships', 'commitments_kept_percent', 'volunteer_hours_confirmed')),
    direction    TEXT NOT NULL CHECK (direction IN ('increase', 'decrease')),
    period       TEXT NOT NULL CHECK (period IN ('year', 'quarter')),
    baseline     DOUBLE PRECISION NOT NULL,
    baseline_period TEXT NOT NULL, -- YYYY or YYYY-Qn
    target       DOUBLE PRECISION NOT NULL,
    position     INTEGER NOT NULL,
    created_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id)
);
CREATE INDEX indicators_id ON indicators (id);
CREATE INDEX indicators_order ON indicators (community_id, position, id);

-- A partner report: requested from one party of a partnership for one
-- review date; submitted (and resubmitted while open) by its admins.
CREATE TABLE partner_reports (
    community_id    TEXT NOT NULL,
    id              TEXT NOT NULL,
    partnership_id  TEXT NOT NULL,
    version         INTEGER NOT NULL,
    organization_id TEXT NOT NULL,
    review_on       TEXT NOT NULL, -- YYYY-MM-DD
    closes_on       TEXT NOT NULL, -- YYYY-MM-DD: the last day it can be submitted
    status          TEXT NOT NULL CHECK (status IN ('requested', 'submitted')),
    narrative       TEXT NOT NULL, -- Markdown
    links           TEXT NOT NULL, -- one per line
    submitted_by    TEXT REFERENCES users (id) ON DELETE SET NULL,
    submitted_at    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    UNIQUE (community_id, partnership_id, organization_id, review_on),
    FOREIGN KEY (community_id, partnership_id) REFERENCES partnerships (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, organization_id) REFERENCES organizations (community_id, id) ON DELETE CASCADE
);
CREATE INDEX partner_reports_id ON partner_reports (id);
CREATE INDEX partner_reports_review ON partner_reports (community_id, review_on);

-- What a report says of each of its party's commitments.
CREATE TABLE partner_report_commitments (
    community_id  TEXT NOT NULL,
    report_id     TEXT NOT NULL,
    commitment_id TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('kept', 'missed')),
    comment       TEXT NOT NULL,
    PRIMARY KEY (community_id, report_id, commitment_id),
    FOREIGN KEY (community_id, report_id) REFERENCES partner_reports (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, commitment_id) REFERENCES commitments (community_id, id) ON DELETE CASCADE
);

-- Values of reported indicators: entered by an editor (report_id NULL) or
-- given in a partner report.
CREATE TABLE indicator_values (
    community_id TEXT NOT NULL,
    id           TEXT NOT NULL,
    indicator_id TEXT NOT NULL,
    period       TEXT NOT NULL, -- YYYY or YYYY-Qn
    value        DOUBLE PRECISION NOT NULL,
    note         TEXT NOT NULL,
    source       TEXT NOT NULL,
    report_id    TEXT,
    entered_by   TEXT REFERENCES users (id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (community_id, id),
    FOREIGN KEY (community_id, indicator_id) REFERENCES indicators (community_id, id) ON DELETE CASCADE,
    FOREIGN KEY (community_id, report_id) REFERENCES partner_reports (community_id, id) ON DELETE CASCADE
);
CREATE INDEX indicator_values_period ON indicator_values (community_id, indicator_id, period, created_at);
CREATE INDEX indicator_values_report ON indicator_values (community_id, report_id);
