-- CloudTrail-shaped audit events, appended once per API call.
CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id      TEXT    NOT NULL UNIQUE,
    event_time    INTEGER NOT NULL, -- unix milliseconds
    event_name    TEXT    NOT NULL,
    event_source  TEXT    NOT NULL,
    username      TEXT    NOT NULL,
    access_key_id TEXT    NOT NULL,
    read_only     INTEGER NOT NULL,
    role_name     TEXT    NOT NULL, -- session issuer's role, '' for others
    action        TEXT    NOT NULL, -- IAM action from the operation registry
    resources     TEXT    NOT NULL, -- JSON [{"ResourceType","ResourceName"}]
    error_code    TEXT    NOT NULL,
    body          TEXT    NOT NULL  -- the CloudTrail event JSON
);
CREATE INDEX audit_events_time ON audit_events(event_time);
CREATE INDEX audit_events_role ON audit_events(role_name, event_time);
