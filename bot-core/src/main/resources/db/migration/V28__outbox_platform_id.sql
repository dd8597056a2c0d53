-- The platform's id of a sent message (DingTalk work notice task_id, robot processQueryKey, WeCom msgid…), written
-- when the row is DONE. DingTalk delivers work notices asynchronously and silently drops what its flow control
-- refuses, so push.DingTalkSendResults asks for each task's send result once (result_checked_at) and writes what
-- was not delivered (or was read) back to the campaign ledger.
ALTER TABLE outbox ADD COLUMN platform_id VARCHAR(128);
ALTER TABLE outbox ADD COLUMN result_checked_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_outbox_result ON outbox (channel, result_checked_at, sent_at);
