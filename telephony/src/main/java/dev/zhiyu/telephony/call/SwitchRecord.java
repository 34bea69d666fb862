package dev.zhiyu.telephony.call;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How a call ended, as the switch itself recorded it: what a dialer that was down (crashed, or its ESL connection
 * lost) reads back for a call whose channel is gone. FreeSWITCH keeps nothing queryable about a gone channel by
 * default, so every originate carries
 * <pre>
 * origination_nested_vars=true,api_hangup_hook=hash::insert/zhiyu_calls/&lt;uuid&gt;/${hangup_cause}|${answer_epoch}|${billsec}
 * </pre>
 * Why this exact form (FreeSWITCH 1.10 source):
 * <ul>
 * <li>{@code api_hangup_hook} runs in the channel's hang-up state (switch_core_state_machine.c, api_hook), after
 *     {@code hangup_cause} and the timestamps ({@code answer_epoch} = 0 when never answered, {@code billsec}) are
 *     set. Its command ends at {@code ::} or at the first space: {@code hash::insert/…} needs no space, so no quoting
 *     inside the originate's {@code {}} block (which the {@code originate} API would otherwise split on).</li>
 * <li>api_hook expands {@code ${…}} in the argument against a copy of the channel variables whether or not
 *     {@code session_in_hangup_hook} is set (that only hands the session to the API, which {@code hash} ignores), so
 *     it is not sent.</li>
 * <li>Originate refuses a {@code {}} value holding {@code ${} ("Invalid data … contains a variable",
 *     switch_channel_set_variable_var_check) unless the dial string contains {@code origination_nested_vars=true}:
 *     without it the hook would silently not be set. Our other values are restricted to a safe alphabet, so the
 *     check is not needed for them.</li>
 * <li>The {@code |} separators sit inside the {@code {}} block, which originate strips before it splits the
 *     dial string on {@code |} (sequential legs); {@code ${…}} braces nest, which its bracket parser allows.</li>
 * <li>mod_hash's API (mod_hash.c, hash_api_function): {@code hash insert/<realm>/<key>/<value>} answers
 *     {@code +OK}; {@code hash select/<realm>/<key>} answers the bare value, or nothing when absent;
 *     {@code hash delete/<realm>/<key>} answers {@code +OK} or {@code -ERR Not found}. Without mod_hash the API
 *     answers {@code -ERR hash Command not found!}.</li>
 * </ul>
 * The table lives in the switch's memory: a restarted switch has no record, and neither a channel. The dialer
 * deletes an entry once the call's record is saved, so the table holds only calls whose end no dialer saw yet.
 */
public record SwitchRecord(String cause, Instant answeredAt, long billSeconds) {

    static final String REALM = "zhiyu_calls";

    public boolean answered() {
        return answeredAt != null;
    }

    /**
     * The switch's record of the call, or empty when it has none (channel still up, or the switch lost its memory).
     * Fails when the node cannot be asked or has no mod_hash: the caller must not guess.
     */
    public static Optional<SwitchRecord> lookup(CallControl node, String uuid) throws Exception {
        String reply = node.api("hash select/" + REALM + "/" + uuid).get(10, TimeUnit.SECONDS).strip();
        if (reply.startsWith("-ERR")) {
            throw new IllegalStateException("FreeSWITCH 节点 " + node.node().name() + " 无法读取挂机记录（" + reply
                    + "）：请加载 mod_hash（modules.conf.xml 中的 mod_hash）");
        }
        return parse(reply);
    }

    /** {@code <cause>|<answer_epoch>|<billsec>}; empty for an empty or malformed value. */
    static Optional<SwitchRecord> parse(String value) {
        String[] p = value.strip().split("\\|", -1);
        if (p.length != 3 || p[0].isBlank()) {
            return Optional.empty();
        }
        try {
            long answer = p[1].isBlank() ? 0 : Long.parseLong(p[1]);
            long bill = p[2].isBlank() ? 0 : Long.parseLong(p[2]);
            return Optional.of(new SwitchRecord(p[0], answer > 0 ? Instant.ofEpochSecond(answer) : null, bill));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Drops the switch's record once the call's own record is saved (best effort: an entry left is harmless). */
    public static void forget(CallControl node, String uuid) {
        node.api("hash delete/" + REALM + "/" + uuid);
    }
}
