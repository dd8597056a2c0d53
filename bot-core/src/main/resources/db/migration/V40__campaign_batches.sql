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
-- What WeChat reports when a 服务号 mass send (a batched campaign message by OpenID list) has finished
-- (MASSSENDJOBFINISH): its counts, by account and msg_id (the outbox row's platform_id). WeChat names no users, so
-- these are shown beside the ledger's per-recipient statuses.
CREATE TABLE campaign_mass_result (
    account        VARCHAR(100)  NOT NULL,
    msg_id         VARCHAR(64)   NOT NULL,
    status         VARCHAR(100)  NOT NULL,
    total_count    BIGINT        NOT NULL,
    filter_count   BIGINT        NOT NULL,
    sent_count     BIGINT        NOT NULL,
    error_count    BIGINT        NOT NULL,
    reported_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_campaign_mass_result PRIMARY KEY (account, msg_id)
);
