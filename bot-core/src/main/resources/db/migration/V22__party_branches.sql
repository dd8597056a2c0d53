-- Party committees and branches (part of the org, saved whole with it), a person's branch, and deactivation by
-- bulk import: a person absent from an imported file keeps their row (history) with deactivated_at set.
CREATE TABLE org_committee (
    code      VARCHAR(40)  NOT NULL PRIMARY KEY,
    name      VARCHAR(100) NOT NULL,
    kind      VARCHAR(16)  NOT NULL,
    parent    VARCHAR(40)  NOT NULL,
    position  INT          NOT NULL
);

CREATE TABLE org_branch (
    code       VARCHAR(40)  NOT NULL PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    committee  VARCHAR(40)  NOT NULL,
    position   INT          NOT NULL
);

ALTER TABLE org_person ADD COLUMN branch VARCHAR(40);
ALTER TABLE org_person ADD COLUMN deactivated_at TIMESTAMP WITH TIME ZONE;
