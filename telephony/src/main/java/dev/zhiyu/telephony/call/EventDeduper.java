package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.esl.EslEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops events already seen (same Core-UUID + Event-Sequence): FreeSWITCH delivers async DETECTED_SPEECH twice.
 * Remembers the last {@code capacity} keys only.
 */
public final class EventDeduper {

    private final Map<String, Boolean> seen;

    public EventDeduper(int capacity) {
        this.seen = new LinkedHashMap<>(capacity * 4 / 3 + 1) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** True the first time this event is offered. */
    public synchronized boolean first(EslEvent event) {
        if (event.get("Event-Sequence") == null) {
            return true;
        }
        return seen.put(event.dedupeKey(), Boolean.TRUE) == null;
    }
}
