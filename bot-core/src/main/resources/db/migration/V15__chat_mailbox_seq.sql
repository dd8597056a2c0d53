-- The /chat/ page reads its pushes by a per-user delivery sequence instead of the outbox id: outbox ids are handed
-- out when a row is inserted, not when its transaction commits, so a page that had seen id 11 could miss id 10
-- committed a moment later. ChatMailboxJdbc numbers a user's delivered rows under a lock on the user's row in
-- chat_mailbox, so the sequence follows the order in which rows became visible and a cursor over it never skips.
ALTER TABLE outbox ADD COLUMN mailbox_seq BIGINT;
CREATE INDEX ix_outbox_mailbox ON outbox (channel, account, recipient, mailbox_seq);

CREATE TABLE chat_mailbox (
    account    VARCHAR(64)  NOT NULL,
    recipient  VARCHAR(256) NOT NULL,
    last_seq   BIGINT       NOT NULL,
    CONSTRAINT pk_chat_mailbox PRIMARY KEY (account, recipient)
);
