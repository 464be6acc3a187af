-- Pipelines (internal/pipeline): registered repositories, runs of their
-- workflows, jobs, steps and masked log lines. Times are unix milliseconds.
CREATE TABLE pipeline_pipelines (
    name           TEXT    PRIMARY KEY,
    repo_dir       TEXT    NOT NULL,
    repository     TEXT    NOT NULL,
    branch         TEXT    NOT NULL,
    webhook_secret TEXT    NOT NULL DEFAULT '',
    secrets        TEXT    NOT NULL DEFAULT '{}',
    vars           TEXT    NOT NULL DEFAULT '{}',
    created_at     BIGINT  NOT NULL
);

CREATE TABLE pipeline_runs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    pipeline          TEXT    NOT NULL,
    repo_dir          TEXT    NOT NULL,
    repository        TEXT    NOT NULL,
    workflow_file     TEXT    NOT NULL,
    workflow_name     TEXT    NOT NULL,
    run_number        INTEGER NOT NULL,
    run_attempt       INTEGER NOT NULL DEFAULT 1,
    event             TEXT    NOT NULL,
    ref               TEXT    NOT NULL,
    before_sha        TEXT    NOT NULL DEFAULT '',
    sha               TEXT    NOT NULL,
    actor             TEXT    NOT NULL DEFAULT '',
    concurrency_group TEXT    NOT NULL DEFAULT '',
    status            TEXT    NOT NULL,  -- queued, in_progress, completed
    conclusion        TEXT    NOT NULL DEFAULT '',
    message           TEXT    NOT NULL DEFAULT '',
    created_at        BIGINT  NOT NULL,
    started_at        BIGINT  NOT NULL DEFAULT 0,
    completed_at      BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (pipeline, workflow_file, run_number)
);
CREATE INDEX pipeline_runs_pipeline ON pipeline_runs (pipeline, id);
CREATE INDEX pipeline_runs_status ON pipeline_runs (status);

CREATE TABLE pipeline_jobs (
    run_id       INTEGER NOT NULL REFERENCES pipeline_runs(id) ON DELETE CASCADE,
    job_key      TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    conclusion   TEXT    NOT NULL DEFAULT '',
    outputs      TEXT    NOT NULL DEFAULT '{}',
    started_at   BIGINT  NOT NULL DEFAULT 0,
    completed_at BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, job_key)
);

CREATE TABLE pipeline_steps (
    run_id       INTEGER NOT NULL REFERENCES pipeline_runs(id) ON DELETE CASCADE,
    job_key      TEXT    NOT NULL,
    step_index   INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    outcome      TEXT    NOT NULL DEFAULT '',
    conclusion   TEXT    NOT NULL DEFAULT '',
    outputs      TEXT    NOT NULL DEFAULT '{}',
    summary      TEXT    NOT NULL DEFAULT '',
    started_at   BIGINT  NOT NULL DEFAULT 0,
    completed_at BIGINT  NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, job_key, step_index)
);

CREATE TABLE pipeline_logs (
    run_id     INTEGER NOT NULL REFERENCES pipeline_runs(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    job_key    TEXT    NOT NULL,
    step_index INTEGER NOT NULL,
    at         BIGINT  NOT NULL,
    line       TEXT    NOT NULL,
    PRIMARY KEY (run_id, seq)
);
