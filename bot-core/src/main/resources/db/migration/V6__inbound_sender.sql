-- The sender that first used a platform message id, for platforms whose request signature does not cover the
-- body (DingTalk robots sign only the timestamp): a replay of a message id with another sender is refused,
-- whatever the inbound_message key (which includes the user) would say.
CREATE TABLE inbound_sender (
    dedupe_key   VARCHAR(200) PRIMARY KEY,
    user_id      VARCHAR(128) NOT NULL,
    claimed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
