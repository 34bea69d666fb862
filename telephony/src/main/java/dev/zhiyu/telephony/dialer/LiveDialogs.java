package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.TakeoverResult;
import dev.zhiyu.telephony.TelephonyException;
import dev.zhiyu.telephony.call.Call;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Answered calls whose robot dialog is running, by call id: what a supervisor can take over. */
final class LiveDialogs {

    private record Talking(Attempt attempt, Call call) {
    }

    private final Map<String, Talking> talking = new ConcurrentHashMap<>();
    private final CallStates states;

    LiveDialogs(CallStates states) {
        this.states = states;
    }

    void started(Attempt a, Call call) {
        talking.put(call.uuid(), new Talking(a, call));
    }

    void ended(Call call) {
        talking.remove(call.uuid());
    }

    Optional<String> task(String callId) {
        return Optional.ofNullable(talking.get(callId)).map(t -> t.attempt().task().id());
    }

    /**
     * The dialog stops and the call is transferred to {@code target} as a dialog's own transfer is. Refused while the
     * call's node is disconnected: whether the call is still up is unknown and the transfer could not be sent.
     */
    TakeoverResult takeOver(String callId, String target) {
        Talking t = talking.get(callId);
        if (t == null) {
            return TakeoverResult.NOT_FOUND;
        }
        if (t.call().hungUp()) {
            return TakeoverResult.NOT_UP;
        }
        if (!t.call().control().confirmed()) {
            String node = t.call().control().node().name();
            throw TelephonyException.conflict("callId", "FreeSWITCH 节点 " + node + " 已断开连接，通话状态未确认，无法接管："
                    + "请在节点 " + node + " 恢复连接后重试");
        }
        if (!t.call().takeOver(target)) {
            return TakeoverResult.ALREADY;
        }
        states.publish(t.attempt(), "takeover", null, null, null, target);
        return TakeoverResult.TAKEN;
    }
}
