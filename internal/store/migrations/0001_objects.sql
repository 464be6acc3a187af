-- Generic JSON documents, keyed by kind and key.
CREATE TABLE objects (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (kind, key)
);
