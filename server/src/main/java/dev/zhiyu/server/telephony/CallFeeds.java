package dev.zhiyu.server.telephony;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The live feeds of call state changes, per tenant and task. */
final class CallFeeds {
    private final ConcurrentMap<String, List<Consumer<CallEvent>>> listeners = new ConcurrentHashMap<>();

    void publish(String tenant, CallEvent e) {
        for (Consumer<CallEvent> l : listeners.getOrDefault(tenant + "|" + e.taskId(), List.of())) {
            try {
                l.accept(e);
            } catch (RuntimeException closed) {
                // a feed whose client is gone; its close callback may never run when the server stops
                listeners.getOrDefault(tenant + "|" + e.taskId(), List.of()).remove(l);
            }
        }
    }

    /** Close the handle to stop. */
    AutoCloseable subscribe(String tenant, String taskId, Consumer<CallEvent> listener) {
        List<Consumer<CallEvent>> l = listeners.computeIfAbsent(tenant + "|" + taskId, k -> new CopyOnWriteArrayList<>());
        l.add(listener);
        return () -> l.remove(listener);
    }
}
