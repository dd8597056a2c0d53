-- Claims with leases. A delivery is processed by the instance that holds its lease (lease_owner until
-- lease_until); a claim whose holder died (kill -9, a lost connection) expires, and the platform's retry or the
-- recovery sweep takes it over. lease_until is NULL once the reply is stored, so the index lists exactly the
-- unanswered claims. payload is the parsed message (JSON), reply_to the outbox recipient for replies that
-- cannot go back in an HTTP response, passive how many replies the HTTP response carries.
ALTER TABLE inbound_message ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE inbound_message ADD COLUMN lease_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE inbound_message ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE inbound_message ADD COLUMN payload TEXT;
ALTER TABLE inbound_message ADD COLUMN reply_to TEXT;
ALTER TABLE inbound_message ADD COLUMN passive INT DEFAULT 0 NOT NULL;
CREATE INDEX ix_inbound_message_lease ON inbound_message (lease_until);
