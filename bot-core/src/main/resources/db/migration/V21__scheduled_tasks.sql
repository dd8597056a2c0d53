-- The scheduler's table (db-scheduler, store.JobsJdbc): one row per pending job run. A recurring job has one row
-- (task_instance 'recurring') whose execution_time moves on after each run; a one-off run is a row until it
-- succeeds. An instance takes a due row by setting picked/picked_by with a version check, so exactly one instance
-- runs it, and refreshes last_heartbeat while it runs; a row picked by an instance that stopped heartbeating is run
-- again. task_data is the one-off payload (UTF-8 text). The layout is db-scheduler's PostgreSQL schema, with
-- VARCHAR keys so H2 (PostgreSQL mode) accepts the same statements.
CREATE TABLE scheduled_tasks (
    task_name            VARCHAR(100) NOT NULL,
    task_instance        VARCHAR(200) NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN NOT NULL,
    picked_by            VARCHAR(100),
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    CONSTRAINT pk_scheduled_tasks PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX ix_scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX ix_scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX ix_scheduled_tasks_priority_time ON scheduled_tasks (priority DESC, execution_time ASC);
