-- A tenant's publishing rule for flash news: AUTO (publish when every claim passed the checks) or REVIEW (hold every
-- item for a reviewer). Absent: the server's default. At most one row.
CREATE TABLE report_publishing (
    id          INT           PRIMARY KEY,
    mode        VARCHAR(16)   NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by  VARCHAR(200)  NOT NULL,
    CONSTRAINT report_publishing_one_row CHECK (id = 1),
    CONSTRAINT report_publishing_mode CHECK (mode IN ('AUTO', 'REVIEW'))
);
