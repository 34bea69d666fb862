-- Several server nodes on one database share a tenant's tasks: only the node holding a task's lease dials it. The
-- holder renews the lease while the task runs; a lease whose holder died expires (database clock) and another node
-- takes the task over, recovering what the dead node left open.
CREATE TABLE telephony_task_leases (
    task_id    VARCHAR(64)              PRIMARY KEY,
    holder     VARCHAR(200)             NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);
