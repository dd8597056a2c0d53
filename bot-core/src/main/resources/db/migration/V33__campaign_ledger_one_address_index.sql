-- Fewer indexes to maintain for each of a campaign's recipients (issue 14: 100,000 ledger rows in one run):
-- uq_campaign_delivery_recipient (campaign_id, run, channel, account, address) and ix_campaign_delivery_address
-- (channel, account, address, queued_at) become one unique index led by the address, which both keeps a recipient
-- once per run and serves every by-address lookup (a resident's notices, waiting rows and mass-send count: a few rows
-- per address, sorted after the lookup). ix_campaign_delivery_digest goes too: a digest's rows all belong to one
-- address, found through the digest key's first row (campaign_id, run, seq: the primary key), so its outcome is
-- written through the address index. The ledger keeps three indexes instead of five.
ALTER TABLE campaign_delivery DROP CONSTRAINT uq_campaign_delivery_recipient;
DROP INDEX ix_campaign_delivery_address;
DROP INDEX ix_campaign_delivery_digest;
ALTER TABLE campaign_delivery ADD CONSTRAINT uq_campaign_delivery_address UNIQUE (channel, account, address, campaign_id, run);
