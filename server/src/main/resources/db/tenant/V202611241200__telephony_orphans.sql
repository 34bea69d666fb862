-- An attempt closed as interrupted because its FreeSWITCH node stayed unreachable past the grace period (or the
-- call's max duration) may still have its channel up on that node with nobody controlling it. kill_pending_since
-- marks it as to be checked and hung up when the node is back; while it is set (for at most a day) its lead is not
-- dialled again.
ALTER TABLE telephony_attempts ADD COLUMN kill_pending_since TIMESTAMP WITH TIME ZONE;
CREATE INDEX telephony_attempts_kill ON telephony_attempts (task_id, kill_pending_since);
