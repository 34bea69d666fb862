-- The running transcript of an open attempt, a line at a time as the call goes: a dialer restarted mid-call replays
-- the customer's turns from it into a fresh dialog and continues where it was. Deleted when the call record is written.
CREATE TABLE telephony_attempt_lines (
    call_id VARCHAR(64)   NOT NULL,
    seq     INTEGER       NOT NULL,
    line    VARCHAR(4000) NOT NULL,
    PRIMARY KEY (call_id, seq)
);
