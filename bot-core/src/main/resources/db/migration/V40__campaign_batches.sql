-- Batched campaign sends (push.batch.<channel>; campaign.Campaigns, store.OutboxSender, store.CampaignJdbc). Where a
-- channel batches, the ledger rows of one batch are queued with ONE outbox row (dedupe key
-- cpb:<campaign>:<run>:<first seq>, also its recipient) and carry that key in batch_key: they are claimed and sent
-- together, and follow its outcome (each member the platform refused fails with its own code). The batched message
-- links to the read page with a campaign-scoped token (/read/{item}?c=<campaign>-<run>-<link_secret>); a reader the
-- platform's web login identifies is recorded on their own ledger row, any other opening counts in
-- anonymous_reads.
ALTER TABLE campaign_delivery ADD COLUMN batch_key VARCHAR(64);
CREATE INDEX ix_campaign_delivery_batch ON campaign_delivery (batch_key);
ALTER TABLE campaign ADD COLUMN link_secret VARCHAR(40);
ALTER TABLE campaign ADD COLUMN anonymous_reads BIGINT DEFAULT 0 NOT NULL;
