package dev.zhiyu.telephony;

import java.util.regex.Pattern;

/**
 * How a task paces its dials: {@code progressive} (one call per free line, the robot talks) or {@code predictive}
 * (dials ahead of free agents; answered calls go to a mod_callcenter agent queue).
 *
 * @param agentQueue the queue a predictive task transfers answered calls to; null for progressive
 */
public record Pacing(Mode mode, String agentQueue) {
    private static final Pattern QUEUE = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");

    public enum Mode { PROGRESSIVE, PREDICTIVE }

    public static final Pacing PROGRESSIVE = new Pacing(Mode.PROGRESSIVE, null);

    public Pacing {
        if ((mode == Mode.PREDICTIVE) != (agentQueue != null)) {
            throw new IllegalArgumentException("预测式外呼且只有预测式外呼有坐席队列");
        }
    }

    public static Pacing predictive(String agentQueue) {
        return new Pacing(Mode.PREDICTIVE, agentQueue);
    }

    public boolean predictive() {
        return mode == Mode.PREDICTIVE;
    }

    /** The pacing's stored and API name: {@code progressive} or {@code predictive}. */
    public String id() {
        return predictive() ? "predictive" : "progressive";
    }

    /** A stored pacing as written by {@link #id()} (anything else is progressive, as before pacing existed). */
    public static Pacing stored(String id, String agentQueue) {
        return "predictive".equals(id) && agentQueue != null ? predictive(agentQueue) : PROGRESSIVE;
    }

    /** An operator's choice; blank pacing is progressive; refusals name the field at fault. */
    public static Pacing parse(String pacing, String agentQueue) {
        String p = pacing == null || pacing.isBlank() ? "progressive" : pacing.strip();
        String queue = agentQueue == null || agentQueue.isBlank() ? null : agentQueue.strip();
        if (!p.equals("progressive") && !p.equals("predictive")) {
            throw TelephonyException.invalid("pacing", "应为 progressive（逐个呼叫，默认）或 predictive（预测式，接通后转人工坐席队列）");
        }
        if (p.equals("predictive") && queue == null) {
            throw TelephonyException.invalid("agentQueue", "预测式外呼需要接听的坐席队列（mod_callcenter 队列名，例如 sales@default）");
        }
        if (p.equals("progressive") && queue != null) {
            throw TelephonyException.invalid("agentQueue", "只有预测式外呼（pacing=predictive）才转坐席队列");
        }
        if (queue != null && !QUEUE.matcher(queue).matches()) {
            throw TelephonyException.invalid("agentQueue", "队列名只能包含字母、数字和 _ . @ -（最多 128 个）");
        }
        return queue == null ? PROGRESSIVE : predictive(queue);
    }
}
