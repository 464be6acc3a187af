-- App Runner (internal/apprunner): services, their operations, connections,
-- auto scaling configurations and tags. Bodies are JSON documents; the
-- columns beside them are what lookups filter on. Deleted services stay
-- (status DELETED) so DescribeService and ListOperations still answer;
-- a live name and a live host are unique.
CREATE TABLE apprunner_services (
    arn     TEXT    PRIMARY KEY,
    id      TEXT    NOT NULL UNIQUE,
    name    TEXT    NOT NULL,
    host    TEXT    NOT NULL,
    status  TEXT    NOT NULL,
    created BIGINT  NOT NULL,
    body    TEXT    NOT NULL
);
CREATE UNIQUE INDEX apprunner_services_live_name ON apprunner_services (name) WHERE status <> 'DELETED';
CREATE UNIQUE INDEX apprunner_services_live_host ON apprunner_services (host) WHERE status <> 'DELETED';

-- seq orders a service's operations; ListOperations pages newest first.
CREATE TABLE apprunner_operations (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    service_arn TEXT    NOT NULL,
    body        TEXT    NOT NULL
);
CREATE INDEX apprunner_operations_service ON apprunner_operations (service_arn, seq);

CREATE TABLE apprunner_connections (
    arn     TEXT   PRIMARY KEY,
    name    TEXT   NOT NULL UNIQUE,
    created BIGINT NOT NULL,
    body    TEXT   NOT NULL
);

-- Revisions of a name are numbered from 1; deleted ones stay INACTIVE.
CREATE TABLE apprunner_autoscaling (
    arn      TEXT    PRIMARY KEY,
    name     TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    active   INTEGER NOT NULL,
    body     TEXT    NOT NULL,
    UNIQUE (name, revision)
);

CREATE TABLE apprunner_tags (
    arn       TEXT NOT NULL,
    tag_key   TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    PRIMARY KEY (arn, tag_key)
);
