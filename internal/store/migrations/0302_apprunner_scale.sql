-- App Runner controller (internal/apprunner/controller): the number of
-- instances each service runs, written whenever its autoscaler or a
-- deployment changes it, so that a server restart starts as many again
-- (clamped to the service's MinSize..MaxSize at that time). A paused or
-- deleted service has no row: it starts again at MinSize.
CREATE TABLE apprunner_scale (
    service_id TEXT    PRIMARY KEY,
    instances  INTEGER NOT NULL,
    updated    BIGINT  NOT NULL
);
