-- True when the reply missed the platform's passive-reply deadline and went out through the outbox instead;
-- a redelivery of such a message is then answered empty, so the resident never sees the reply twice.
ALTER TABLE inbound_message ADD COLUMN late BOOLEAN DEFAULT FALSE NOT NULL;
