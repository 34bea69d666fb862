-- The tenant's registered caller numbers (national digits as dialled); with none, the server's configured ones apply.
CREATE TABLE telephony_caller_ids (
    caller_id  VARCHAR(32)  PRIMARY KEY,
    label      VARCHAR(200) NOT NULL,
    added_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
