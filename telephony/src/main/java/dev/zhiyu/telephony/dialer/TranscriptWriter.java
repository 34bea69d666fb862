package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.AttemptStore;

import java.util.function.Consumer;

/**
 * Writes a call's transcript lines to its attempt as they happen, so that a restarted dialer can continue the dialog.
 * A store that fails is alerted once per call; the call goes on (its record still gets the whole transcript).
 */
final class TranscriptWriter implements Consumer<String> {

    private final AttemptStore store;
    private final String callId;
    private final Consumer<String> alerts;
    private boolean failed;

    TranscriptWriter(AttemptStore store, String callId, Consumer<String> alerts) {
        this.store = store;
        this.callId = callId;
        this.alerts = alerts;
    }

    @Override
    public void accept(String line) {
        if (failed) {
            return;
        }
        try {
            store.appendLine(callId, line);
        } catch (RuntimeException e) {
            failed = true;
            alerts.accept("通话 " + callId + " 的逐句记录写入失败（" + e.getMessage() + "）：拨号程序若重启，此通话只能从最后记下的一轮继续");
        }
    }
}
