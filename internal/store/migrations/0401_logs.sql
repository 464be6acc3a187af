-- CloudWatch Logs: groups, their tags, streams and events (internal/logs).
-- Events carry their group so that group-wide queries (FilterLogEvents,
-- retention) use one index; id is monotonic and orders events that share
-- a timestamp, which keeps paging tokens and eventIds stable.
CREATE TABLE log_groups (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    name           TEXT    NOT NULL UNIQUE,
    creation_time  BIGINT  NOT NULL,
    retention_days INTEGER,
    stored_bytes   BIGINT  NOT NULL DEFAULT 0
);

CREATE TABLE log_group_tags (
    group_id INTEGER NOT NULL REFERENCES log_groups(id) ON DELETE CASCADE,
    tag_key  TEXT    NOT NULL,
    tag_value TEXT   NOT NULL,
    PRIMARY KEY (group_id, tag_key)
);

CREATE TABLE log_streams (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id        INTEGER NOT NULL REFERENCES log_groups(id) ON DELETE CASCADE,
    name            TEXT    NOT NULL,
    creation_time   BIGINT  NOT NULL,
    first_event     BIGINT,
    last_event      BIGINT,
    last_ingestion  BIGINT,
    upload_seq      BIGINT  NOT NULL DEFAULT 0,
    stored_bytes    BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
);

CREATE TABLE log_events (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id  INTEGER NOT NULL REFERENCES log_groups(id) ON DELETE CASCADE,
    stream_id INTEGER NOT NULL REFERENCES log_streams(id) ON DELETE CASCADE,
    ts        BIGINT  NOT NULL,
    ingestion BIGINT  NOT NULL,
    size      INTEGER NOT NULL,
    message   TEXT    NOT NULL
);

CREATE INDEX log_events_stream_ts ON log_events (stream_id, ts, id);
CREATE INDEX log_events_group_ts ON log_events (group_id, ts, id);
