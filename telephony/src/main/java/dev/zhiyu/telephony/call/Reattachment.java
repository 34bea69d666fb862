package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.OriginateRequest;

import java.time.Instant;
import java.util.Optional;

/**
 * Takes over a channel an earlier (crashed) process originated: registered first so no event is missed, then checked
 * with {@code uuid_dump} — nothing when FreeSWITCH no longer has it or it carries another owner's tenant/task/lead
 * variables. An answered channel's originate result is "+OK" at once (its dialog was under way); a ringing one
 * completes on CHANNEL_ANSWER or hang-up.
 */
final class Reattachment {

    private final CallControl control;

    Reattachment(CallControl control) {
        this.control = control;
    }

    Optional<Call> reattach(OriginateRequest request, Instant originatedAt) {
        Call call = new Call(control, request, null, originatedAt, true);
        if (!control.adopt(call)) {
            return Optional.empty(); // already followed by this process
        }
        Optional<LiveChannel> ch;
        try {
            ch = control.inspect(request.uuid());
        } catch (Exception e) {
            control.alerts().accept("FreeSWITCH " + control.node().name() + " 读取通道 " + request.uuid() + " 失败: "
                    + e.getMessage());
            ch = Optional.empty();
        }
        if (ch.isPresent() && owns(request, ch.get())) {
            useGateway(call, ch.get().gateway());
        }
        if (call.hungUp()) {
            return Optional.of(call); // ended while we looked: its real CHANNEL_HANGUP_COMPLETE is recorded
        }
        if (ch.isEmpty() || !owns(request, ch.get())) {
            control.drop(call);
            return Optional.empty();
        }
        if (ch.get().answered()) {
            call.answeredAt = ch.get().answeredAt() != null ? ch.get().answeredAt() : control.now();
            call.midDialog = true;
            call.job.complete("+OK " + request.uuid() + "\n");
        }
        return Optional.of(call);
    }

    /**
     * The gateway the channel really went out on ({@code variable_sip_gateway_name}) replaces the one the request
     * was rebuilt with from saved progress (a full gateway may have moved the call on to the next one).
     */
    private void useGateway(Call call, String gateway) {
        OriginateRequest r = call.request;
        if (gateway == null || gateway.isBlank() || gateway.equals(r.gateway())) {
            return;
        }
        try {
            call.request = new OriginateRequest(r.uuid(), gateway, r.number(), r.callerIdNumber(), r.timeoutSeconds(),
                    r.tenantId(), r.taskId(), r.leadId());
        } catch (IllegalArgumentException e) {
            control.alerts().accept("通道 " + r.uuid() + " 的网关名 " + gateway + " 无法使用，沿用 " + r.gateway());
        }
    }

    private static boolean owns(OriginateRequest r, LiveChannel ch) {
        return ch.ownedBy(r.tenantId(), r.taskId(), r.leadId());
    }
}
