package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.NodePool;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls this dialer follows, so that while their node's connection is down the live feed shows them as
 * {@code unconfirmed} (waiting for the node) rather than as talking: nobody knows whether they still are. When the
 * node is back and has judged its calls, those still up show their state again; the others end as usual.
 */
final class NodeOutages {

    private final Map<Call, Attempt> followed = new ConcurrentHashMap<>();
    private final CallStates states;

    NodeOutages(NodePool nodes, CallStates states) {
        this.states = states;
        nodes.nodes().forEach(n -> n.onLink(up -> changed(n, up)));
    }

    void follow(Attempt a, Call call) {
        followed.put(call, a);
    }

    void done(Call call) {
        followed.remove(call);
    }

    private void changed(CallControl node, boolean up) {
        followed.forEach((call, a) -> {
            if (call.control() == node && !call.hungUp()) {
                states.publish(a, !up ? "unconfirmed" : call.answeredAt() != null ? "answered" : "dialling");
            }
        });
    }
}
