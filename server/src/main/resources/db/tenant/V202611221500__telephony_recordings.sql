-- Recording retention: the tenant's settings (recording.retention.days; absent keeps recordings for ever) and
-- when the sweeper deleted a call's recording file (the path stays for the audit trail).
CREATE TABLE telephony_settings (
    setting_name   VARCHAR(64)  PRIMARY KEY,
    setting_value  VARCHAR(200) NOT NULL
);
ALTER TABLE telephony_calls ADD COLUMN recording_deleted_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX telephony_calls_hungup ON telephony_calls (hungup_at);
