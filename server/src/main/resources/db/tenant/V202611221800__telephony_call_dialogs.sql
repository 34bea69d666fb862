-- Which dialog session talked on which call: the task dashboard's intents, fallbacks and stage funnel come from
-- the stored dialog turns of the task's calls.
CREATE TABLE telephony_call_dialogs (
    call_id    VARCHAR(64) PRIMARY KEY,
    session_id VARCHAR(64) NOT NULL
);
CREATE INDEX telephony_call_dialogs_session ON telephony_call_dialogs (session_id);
