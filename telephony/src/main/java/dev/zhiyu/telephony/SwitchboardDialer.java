package dev.zhiyu.telephony;

import dev.zhiyu.telephony.dialer.Dialer;
import java.util.Optional;

/** A {@link Dialer} behind {@link TaskDialer}; predictive tasks get their pacing from the switchboard on start. */
final class SwitchboardDialer implements TaskDialer {
    private final Dialer dialer;
    private final DialerStore store;
    private final Switchboard switchboard;

    SwitchboardDialer(Dialer dialer, DialerStore store, Switchboard switchboard) {
        this.dialer = dialer;
        this.store = store;
        this.switchboard = switchboard;
    }

    @Override
    public void start(String taskId) {
        store.storedTask(taskId).filter(StoredTask::predictive).ifPresent(t -> switchboard.pace(dialer, taskId, t.agentQueue()));
        dialer.start(taskId);
    }

    @Override
    public int tick(String taskId) {
        return dialer.tick(taskId);
    }

    @Override
    public int unconfirmed(String taskId) {
        return dialer.unconfirmed(taskId);
    }

    @Override
    public int pendingKills(String taskId) {
        return dialer.pendingKills(taskId);
    }

    @Override
    public Optional<String> mediaWarning(String taskId) {
        return dialer.mediaWarning(taskId);
    }

    @Override
    public int active() {
        return dialer.active();
    }

    @Override
    public Optional<String> talkingTask(String callId) {
        return dialer.talkingTask(callId);
    }

    @Override
    public TakeoverResult takeOver(String callId, String target) {
        return dialer.takeOver(callId, target);
    }
}
