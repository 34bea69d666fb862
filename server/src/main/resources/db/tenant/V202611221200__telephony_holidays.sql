-- The tenant's holiday calendar: on these dates (in each task's time zone) no task of the tenant dials.
CREATE TABLE telephony_holidays (
    holiday   DATE         PRIMARY KEY,
    name      VARCHAR(200) NOT NULL,
    added_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
