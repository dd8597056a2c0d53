-- A claim skips a row while an earlier row for the same recipient is still waiting or being sent (per-recipient
-- order). That check walked every earlier row of the recipient through ix_outbox_mailbox, sent or failed ones
-- included: a department address that gets one alert per ticket made each claim read its whole history (about
-- 1,300 rows per new ticket after 1,200 tickets in bench/open.sh). With the state in the key it reads only the
-- recipient's PENDING and SENDING rows.
CREATE INDEX ix_outbox_recipient_state ON outbox (channel, account, recipient, state, id);
