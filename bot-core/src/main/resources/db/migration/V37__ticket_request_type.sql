-- Request type beside the category, as 12345 hotlines count requests: 咨询, 求助, 投诉, 举报, 建议, 表扬.
-- NULL for tickets opened before types were recorded (and by API callers that give none).
ALTER TABLE ticket ADD COLUMN request_type VARCHAR(8);
CREATE INDEX ix_ticket_request_type ON ticket (request_type, created_at);
