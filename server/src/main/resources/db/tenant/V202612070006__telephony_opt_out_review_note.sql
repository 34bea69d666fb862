-- The supervisor's own reason for a decision on an opt-out (e.g. why it was rejected), beside the call's reason.
ALTER TABLE telephony_opt_out_reviews ADD COLUMN note VARCHAR(200);
