-- A SIP 603 decline used to be recorded as an opt-out (reason 拒接) that blocked the number in every task. A decline
-- is the phone's answer to one call, not the customer asking not to be called: those automatic opt-outs are lifted.
-- Opt-outs the customer asked for in a dialog (reason 通话中要求不再来电) and DNC entries stay.
DELETE FROM telephony_blocked WHERE kind = 'opt_out' AND reason = '拒接';
