-- Fair play (quiz.Quizzes): an attempt is flagged when one of its answers came faster than its question can be
-- read ('fast') or its answer times were near-constant, like a script's ('regular'). A flagged attempt earns no
-- points: a reversal row (seq -1) in quiz_points cancels what it had earned, later answers earn nothing. flag_level:
-- the warning the member got (1 a gentle note, 2 a stronger warning; the secretary's report lists both).
ALTER TABLE quiz_attempt ADD COLUMN flag VARCHAR(16);
ALTER TABLE quiz_attempt ADD COLUMN flag_level INT;
ALTER TABLE quiz_attempt ADD COLUMN flagged_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_quiz_attempt_flag ON quiz_attempt (flagged_at);

-- 专项答题 topics can be deleted (kept for the history of attempts at them; the code stays taken).
ALTER TABLE quiz_topic ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE quiz_topic ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
