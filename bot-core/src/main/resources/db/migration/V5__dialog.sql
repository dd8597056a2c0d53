-- Conversation state per resident (single-instance mode; Redis holds it when configured).
CREATE TABLE dialog_session (
    session_key  VARCHAR(300) PRIMARY KEY,
    state        TEXT NOT NULL,
    expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_dialog_session_expiry ON dialog_session (expires_at);

-- Conversations handed to a person (人工), for the console; answered through the API.
CREATE TABLE handoff (
    reporter_key VARCHAR(300) PRIMARY KEY,
    channel      VARCHAR(16)  NOT NULL,
    account      VARCHAR(64)  NOT NULL,
    user_id      VARCHAR(128) NOT NULL,
    last_text    TEXT NOT NULL,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
