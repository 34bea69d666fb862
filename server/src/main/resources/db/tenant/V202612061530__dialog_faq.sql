-- The tenant's own FAQ for off-script questions in calls, one row per upload; the newest is in use.
CREATE TABLE dialog_faq (
    version     INTEGER      PRIMARY KEY,
    yaml_text   VARCHAR(1000000) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(200) NOT NULL
);
