-- V10 shipped first; these additions come as their own version so databases created from V10 migrate cleanly.

-- 响应 judged once per ticket (first signing or first missed sign deadline); NULL = not yet decided.
ALTER TABLE ticket ADD COLUMN responded BOOLEAN;

-- Search by the resident's phone number.
CREATE INDEX ix_ticket_phone ON ticket (phone);

-- Exact list totals without counting rows: tickets per (status, department, community, category, overdue) cell,
-- maintained in the same transaction as the projection ('' stands for none).
CREATE TABLE ticket_count (
    status      VARCHAR(20) NOT NULL,
    department  VARCHAR(40) NOT NULL,
    community   VARCHAR(40) NOT NULL,
    category    VARCHAR(40) NOT NULL,
    overdue     BOOLEAN     NOT NULL,
    n           BIGINT      NOT NULL,
    CONSTRAINT pk_ticket_count PRIMARY KEY (status, department, community, category, overdue)
);
INSERT INTO ticket_count (status, department, community, category, overdue, n)
SELECT status, COALESCE(department, ''), COALESCE(community, ''), category, overdue, COUNT(*)
FROM ticket GROUP BY status, COALESCE(department, ''), COALESCE(community, ''), category, overdue;
