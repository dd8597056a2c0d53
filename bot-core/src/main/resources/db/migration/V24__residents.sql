-- Residents known from their conversations (audience.ResidentBook, store.ResidentJdbc): one row per channel
-- identity (channel, account, user), touched at most once a day per resident; community from their tickets or a
-- place they gave. subscribed is the current consent; resident_consent holds every 订阅 / 退订 with its time.
CREATE TABLE resident (
    channel      VARCHAR(16)  NOT NULL,
    account      VARCHAR(100) NOT NULL,
    user_id      VARCHAR(200) NOT NULL,
    community    VARCHAR(40),
    subscribed   BOOLEAN      NOT NULL,
    consent_at   TIMESTAMP WITH TIME ZONE,
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_resident PRIMARY KEY (channel, account, user_id)
);
CREATE INDEX ix_resident_community ON resident (community, channel, account, user_id);

CREATE TABLE resident_consent (
    channel      VARCHAR(16)  NOT NULL,
    account      VARCHAR(100) NOT NULL,
    user_id      VARCHAR(200) NOT NULL,
    seq          INT          NOT NULL,
    action       VARCHAR(16)  NOT NULL,
    happened_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_resident_consent PRIMARY KEY (channel, account, user_id, seq)
);
