-- Every opening adds one to the same few ticket_count cells; with one row per cell concurrent openings queue on its
-- row lock, each held until the previous writer's commit is on disk. Each cell is now spread over several rows
-- (shards, picked at random by writers); readers already add the rows up (SUM(n)), so totals are unchanged.
ALTER TABLE ticket_count ADD COLUMN shard SMALLINT DEFAULT 0 NOT NULL;
ALTER TABLE ticket_count DROP CONSTRAINT pk_ticket_count;
ALTER TABLE ticket_count ADD CONSTRAINT pk_ticket_count PRIMARY KEY (status, department, community, category, overdue, shard);
