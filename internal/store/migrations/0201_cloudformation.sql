-- CloudFormation (internal/cloudformation/engine): stacks, their resources,
-- events, change sets and exports. Bodies are JSON documents; the columns
-- beside them are what lookups filter on. A stack's id is its ARN; deleted
-- stacks stay (deleted = 1) so DescribeStacks by id and ListStacks see them.
CREATE TABLE cfn_stacks (
    id       TEXT    PRIMARY KEY,
    name     TEXT    NOT NULL,
    status   TEXT    NOT NULL,
    deleted  INTEGER NOT NULL DEFAULT 0,
    created  BIGINT  NOT NULL,
    body     TEXT    NOT NULL
);
-- At most one live stack per name.
CREATE UNIQUE INDEX cfn_stacks_live_name ON cfn_stacks (name) WHERE deleted = 0;

CREATE TABLE cfn_resources (
    stack_id   TEXT NOT NULL REFERENCES cfn_stacks(id) ON DELETE CASCADE,
    logical_id TEXT NOT NULL,
    body       TEXT NOT NULL,
    PRIMARY KEY (stack_id, logical_id)
);

-- seq orders events; DescribeStackEvents pages newest first by it.
CREATE TABLE cfn_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    stack_id     TEXT    NOT NULL,
    operation_id TEXT    NOT NULL,
    body         TEXT    NOT NULL
);
CREATE INDEX cfn_events_stack ON cfn_events (stack_id, seq);

CREATE TABLE cfn_change_sets (
    id       TEXT    PRIMARY KEY,
    stack_id TEXT    NOT NULL,
    name     TEXT    NOT NULL,
    created  BIGINT  NOT NULL,
    body     TEXT    NOT NULL
);
CREATE INDEX cfn_change_sets_stack ON cfn_change_sets (stack_id, name);

-- Export names are unique per account and region: the primary key makes
-- two stacks exporting one name impossible.
CREATE TABLE cfn_exports (
    name     TEXT PRIMARY KEY,
    stack_id TEXT NOT NULL,
    value    TEXT NOT NULL
);

-- Which stacks import which exports (recorded when a stack's operation
-- completes), so an export in use cannot be deleted or changed.
CREATE TABLE cfn_imports (
    export_name TEXT NOT NULL,
    stack_id    TEXT NOT NULL,
    PRIMARY KEY (export_name, stack_id)
);
