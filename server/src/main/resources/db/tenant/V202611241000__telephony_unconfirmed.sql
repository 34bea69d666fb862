-- Crash safety across FreeSWITCH nodes: which node an attempt's originate went to, and since when a restarted
-- dialer could not confirm it (its node was unreachable). While unconfirmed_since is set the lead is not dialled.
ALTER TABLE telephony_attempts ADD COLUMN fs_node VARCHAR(64);
ALTER TABLE telephony_attempts ADD COLUMN unconfirmed_since TIMESTAMP WITH TIME ZONE;
