-- The study-point backfill (quiz.StudyPoints, job quiz-study-backfill, every 10 minutes) reads the ledger rows studied
-- in the last two days (CampaignJdbc.studiedBetween): by this index instead of a scan of every campaign's ledger.
CREATE INDEX ix_campaign_delivery_studied ON campaign_delivery (studied_at);
