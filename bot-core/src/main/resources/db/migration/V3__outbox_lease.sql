-- A claimed row is SENDING until claimed_until; a sender that died leaves it to be claimed again after that.
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_outbox_state_id ON outbox (state, id);
