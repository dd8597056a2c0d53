-- Content items (社区通知 / 党建学习 / 紧急通知) and their approval audit trail (content.ContentService,
-- store.ContentJdbc). content_item is the projection of content_event: the item equals the replay of its events.
-- version = seq of the last event; a writer updates the row only at the version it read (optimistic lock), and
-- the event's primary key (content_id, seq) refuses a second writer of the same step.
CREATE SEQUENCE content_item_seq START WITH 1;

CREATE TABLE content_item (
    id          BIGINT        NOT NULL,
    kind        VARCHAR(16)   NOT NULL,
    title       VARCHAR(100)  NOT NULL,
    body        TEXT          NOT NULL,
    link        VARCHAR(500),
    cover       VARCHAR(500),
    source      VARCHAR(100)  NOT NULL,
    valid_until TIMESTAMP WITH TIME ZONE,
    state       VARCHAR(20)   NOT NULL,
    author      VARCHAR(64)   NOT NULL,
    submitter   VARCHAR(64),
    approver    VARCHAR(64),
    rejection   VARCHAR(2000),
    version     INT           NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_content_item PRIMARY KEY (id)
);
CREATE INDEX ix_content_item_state_kind ON content_item (state, kind, id);

-- One row per step: who (actor, name, role), when, from → to, note (reason or remark); the draft columns hold the
-- full draft after create and edit steps and are NULL otherwise.
CREATE TABLE content_event (
    content_id  BIGINT        NOT NULL,
    seq         INT           NOT NULL,
    action      VARCHAR(20)   NOT NULL,
    actor       VARCHAR(64)   NOT NULL,
    actor_name  VARCHAR(100)  NOT NULL,
    actor_role  VARCHAR(24)   NOT NULL,
    happened_at TIMESTAMP WITH TIME ZONE NOT NULL,
    from_state  VARCHAR(20)   NOT NULL,
    to_state    VARCHAR(20)   NOT NULL,
    note        VARCHAR(2000) NOT NULL,
    kind        VARCHAR(16),
    title       VARCHAR(100),
    body        TEXT,
    link        VARCHAR(500),
    cover       VARCHAR(500),
    source      VARCHAR(100),
    valid_until TIMESTAMP WITH TIME ZONE,
    has_draft   BOOLEAN       NOT NULL,
    CONSTRAINT pk_content_event PRIMARY KEY (content_id, seq)
);
