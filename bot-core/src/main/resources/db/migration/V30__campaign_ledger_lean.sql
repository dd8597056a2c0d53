-- Fewer indexes to maintain for every recipient of a campaign (100,000 rows in one run): a read-page token is
-- <campaign>-<run>-<seq>-<secret>, found by the primary key and checked against the stored secret, so the random
-- token needs no unique index (the most expensive one: random keys); who got an item today is found through the
-- item's campaigns (the primary key starts with campaign_id), not through an index on content_id.
ALTER TABLE campaign_delivery DROP CONSTRAINT uq_campaign_delivery_token;
DROP INDEX ix_campaign_delivery_content;
-- The outbox likewise: claims walk ix_outbox_state_id (state, id) and stop after a batch, checking next_attempt_at
-- on the way, so ix_outbox_due is not needed; ix_outbox_mailbox (channel, account, recipient, mailbox_seq) serves
-- every per-recipient lookup (a recipient's earlier open rows, delivered counts), so ix_outbox_recipient is redundant.
DROP INDEX ix_outbox_due;
DROP INDEX ix_outbox_recipient;
