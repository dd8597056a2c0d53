-- Next digest and WeChat mass send (campaign.Campaigns, store.CampaignJdbc). A WeChat resident the campaign cannot
-- reach now gets status 'waiting' (code 'window'); when they next write, their waiting rows go out as one
-- customer-service message whose outbox dedupe key (cpd:<campaign>:<run>:<seq> of its first row) is written to
-- digest_key of every row it settles. via: how a queued row was sent (the outbox kind: news, text, template, or
-- mass for a 服务号 mass send, which counts against the user's 4 a month; digest for a digest).
ALTER TABLE campaign_delivery ADD COLUMN digest_key VARCHAR(64);
ALTER TABLE campaign_delivery ADD COLUMN via VARCHAR(16);
CREATE INDEX ix_campaign_delivery_digest ON campaign_delivery (digest_key);
CREATE INDEX ix_campaign_delivery_status ON campaign_delivery (status, queued_at);
