-- Tickets (哨单). The event log (ticket_event) is the truth; ticket, ticket_party, ticket_return and ticket_summons
-- are projections rewritten from the replayed ticket in the same transaction as the events.
CREATE TABLE ticket (
    number         VARCHAR(20)  NOT NULL PRIMARY KEY,
    version        INT          NOT NULL,
    status         VARCHAR(20)  NOT NULL,
    category       VARCHAR(40)  NOT NULL,
    subcategory    VARCHAR(40),
    urgency        VARCHAR(12)  NOT NULL,
    department     VARCHAR(40),
    community      VARCHAR(40),
    reporter_key   VARCHAR(300) NOT NULL,
    phone          VARCHAR(40)  NOT NULL,
    place          VARCHAR(500) NOT NULL,
    content        TEXT         NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    dispatched_at  TIMESTAMP WITH TIME ZONE,
    accepted_at    TIMESTAMP WITH TIME ZONE,
    contacted_at   TIMESTAMP WITH TIME ZONE,
    resolved_at    TIMESTAMP WITH TIME ZONE,
    closed_at      TIMESTAMP WITH TIME ZONE,
    sign_due       TIMESTAMP WITH TIME ZONE,
    contact_due    TIMESTAMP WITH TIME ZONE,
    resolve_due    TIMESTAMP WITH TIME ZONE,
    due_at         TIMESTAMP WITH TIME ZONE,
    provisional    BOOLEAN      NOT NULL,
    overdue        BOOLEAN      NOT NULL,
    breaches       INT          NOT NULL,
    escalation     INT          NOT NULL,
    bounces        INT          NOT NULL,
    rating         VARCHAR(24),
    master         VARCHAR(20),
    next_check_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_ticket_created ON ticket (created_at, number);
CREATE INDEX ix_ticket_status ON ticket (status, created_at);
CREATE INDEX ix_ticket_department ON ticket (department, created_at);
CREATE INDEX ix_ticket_community ON ticket (community, created_at);
CREATE INDEX ix_ticket_category ON ticket (category, created_at);
CREATE INDEX ix_ticket_overdue ON ticket (overdue, created_at);
CREATE INDEX ix_ticket_next_check ON ticket (next_check_at);

CREATE TABLE ticket_event (
    ticket            VARCHAR(20)  NOT NULL,
    seq               INT          NOT NULL,
    type              VARCHAR(32)  NOT NULL,
    actor_id          VARCHAR(300) NOT NULL,
    actor_name        VARCHAR(100) NOT NULL,
    actor_role        VARCHAR(24)  NOT NULL,
    actor_department  VARCHAR(40),
    actor_community   VARCHAR(40),
    occurred_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    from_status       VARCHAR(20),
    to_status         VARCHAR(20)  NOT NULL,
    note              TEXT         NOT NULL,
    attachments       TEXT         NOT NULL,
    data              TEXT         NOT NULL,
    CONSTRAINT pk_ticket_event PRIMARY KEY (ticket, seq)
);

-- Reporter and followers (merged duplicates) of each ticket, for "my tickets".
CREATE TABLE ticket_party (
    ticket        VARCHAR(20)  NOT NULL,
    reporter_key  VARCHAR(300) NOT NULL,
    CONSTRAINT pk_ticket_party PRIMARY KEY (ticket, reporter_key)
);
CREATE INDEX ix_ticket_party_reporter ON ticket_party (reporter_key);

CREATE TABLE ticket_return (
    ticket        VARCHAR(20)  NOT NULL,
    seq           INT          NOT NULL,
    department    VARCHAR(40)  NOT NULL,
    reason        VARCHAR(8)   NOT NULL,
    returned_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    wrongful      BOOLEAN      NOT NULL,
    lost_minutes  BIGINT       NOT NULL,
    CONSTRAINT pk_ticket_return PRIMARY KEY (ticket, seq)
);
CREATE INDEX ix_ticket_return_at ON ticket_return (returned_at);

CREATE TABLE ticket_summons (
    ticket        VARCHAR(20)  NOT NULL,
    department    VARCHAR(40)  NOT NULL,
    summoned_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    due_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    reported_at   TIMESTAMP WITH TIME ZONE,
    reported_by   VARCHAR(100),
    location      VARCHAR(300),
    photo         VARCHAR(500),
    missed        BOOLEAN      NOT NULL,
    CONSTRAINT pk_ticket_summons PRIMARY KEY (ticket, department)
);

-- Daily ticket number sequence, shared by all instances.
CREATE TABLE ticket_day_seq (
    seq_day     DATE NOT NULL PRIMARY KEY,
    last_value  INT  NOT NULL
);

-- Idempotent opening: one ticket per inbound message.
CREATE TABLE ticket_open_key (
    dedupe_key  VARCHAR(200) NOT NULL PRIMARY KEY,
    number      VARCHAR(20)  NOT NULL
);

-- Leases for single-instance work (the escalation scanner) when no Redis is configured.
CREATE TABLE ticket_lease (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    owner       VARCHAR(64)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
