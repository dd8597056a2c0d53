-- Organisation (seeded from config/org.yaml when empty, then edited through the admin API).
CREATE TABLE org_unit (
    code      VARCHAR(40)  NOT NULL PRIMARY KEY,
    kind      VARCHAR(16)  NOT NULL,
    name      VARCHAR(100) NOT NULL,
    places    TEXT         NOT NULL,
    grids     TEXT         NOT NULL,
    alerts    TEXT,
    position  INT          NOT NULL
);

CREATE TABLE org_department (
    code      VARCHAR(40)  NOT NULL PRIMARY KEY,
    name      VARCHAR(100) NOT NULL,
    kind      VARCHAR(20)  NOT NULL,
    duties    TEXT         NOT NULL,
    alerts    TEXT,
    position  INT          NOT NULL
);

CREATE TABLE org_person (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    role        VARCHAR(24)  NOT NULL,
    department  VARCHAR(40),
    community   VARCHAR(40),
    grid        VARCHAR(40),
    phone       VARCHAR(40)  NOT NULL,
    alerts      TEXT,
    position    INT          NOT NULL
);

-- Per-user API tokens; only the SHA-256 of a token is stored.
CREATE TABLE api_token (
    token_sha256  VARCHAR(64)  NOT NULL PRIMARY KEY,
    person_id     VARCHAR(64)  NOT NULL,
    label         VARCHAR(100) NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_api_token_person ON api_token (person_id);
