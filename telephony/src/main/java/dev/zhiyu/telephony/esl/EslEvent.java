package dev.zhiyu.telephony.esl;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A FreeSWITCH event with header values decoded, in wire order (duplicates kept, as FreeSWITCH sends them),
 * and its body (BACKGROUND_JOB result, DETECTED_SPEECH result…), empty when none.
 */
public record EslEvent(EventFormat format, List<Map.Entry<String, String>> headers, String body) {

    public EslEvent {
        headers = List.copyOf(headers);
        body = body == null ? "" : body;
    }

    /** Event-Name; "" for a {@code sendevent} re-emitted to a session, which carries no Event-Name. */
    public String name() {
        String n = get("Event-Name");
        return n == null ? "" : n;
    }

    /** First value of a header, or null. Event headers are case-sensitive on the wire; lookup is exact. */
    public String get(String header) {
        for (Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(header)) {
                return h.getValue();
            }
        }
        return null;
    }

    public String getOrEmpty(String header) {
        String v = get(header);
        return v == null ? "" : v;
    }

    /** A channel variable ({@code variable_<name>}). */
    public String variable(String name) {
        return get("variable_" + name);
    }

    public String uniqueId() {
        return get("Unique-ID");
    }

    public String subclass() {
        return get("Event-Subclass");
    }

    public long sequence() {
        String s = get("Event-Sequence");
        return s == null ? -1 : Long.parseLong(s);
    }

    /** Key to drop duplicate deliveries (FreeSWITCH re-sends DETECTED_SPEECH with the same sequence). */
    public String dedupeKey() {
        return getOrEmpty("Core-UUID") + "#" + getOrEmpty("Event-Sequence");
    }

    /** A {@code sendevent} queued to a session comes back without Event-Name but with this Command header. */
    public boolean isQueuedSendevent() {
        return get("Event-Name") == null && getOrEmpty("Command").startsWith("sendevent");
    }

    public Map<String, String> asMap() {
        Map<String, String> m = new HashMap<>(headers.size() * 2);
        for (Map.Entry<String, String> h : headers) {
            m.putIfAbsent(h.getKey(), h.getValue());
        }
        return m;
    }
}
