-- Text messages dialogs asked for (SendSms), one row per request with what became of it; no SMS gateway is
-- connected here, so queued rows are the hand-over point to one.
CREATE TABLE telephony_sms_outbox (
    sms_id          VARCHAR(40)    PRIMARY KEY,
    call_id         VARCHAR(64)    NOT NULL,
    task_id         VARCHAR(64)    NOT NULL,
    lead_id         VARCHAR(100)   NOT NULL,
    phone           VARCHAR(32)    NOT NULL,
    template        VARCHAR(64)    NOT NULL,
    variables_json  VARCHAR(20000) NOT NULL,
    status          VARCHAR(16)    NOT NULL,
    reason          VARCHAR(200),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX telephony_sms_phone ON telephony_sms_outbox (phone, created_at);
CREATE INDEX telephony_sms_call ON telephony_sms_outbox (call_id);
