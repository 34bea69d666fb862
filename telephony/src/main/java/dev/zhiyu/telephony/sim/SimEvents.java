package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventFormat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds events with FreeSWITCH 1.10.12's header order: core prefix, event headers, channel data. */
final class SimEvents {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter GMT = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT);

    final String coreUuid;
    private final AtomicLong sequence;

    SimEvents(String coreUuid, long firstSequence) {
        this.coreUuid = coreUuid;
        this.sequence = new AtomicLong(firstSequence);
    }

    List<Map.Entry<String, String>> prefix(String name, String file, String function, int line) {
        Instant now = Instant.now();
        List<Map.Entry<String, String>> h = new ArrayList<>(96);
        add(h, "Event-Name", name);
        add(h, "Core-UUID", coreUuid);
        add(h, "FreeSWITCH-Hostname", "sim");
        add(h, "FreeSWITCH-Switchname", "sim");
        add(h, "FreeSWITCH-IPv4", "127.0.0.1");
        add(h, "FreeSWITCH-IPv6", "::1");
        add(h, "Event-Date-Local", LOCAL.format(now.atZone(ZoneOffset.UTC)));
        add(h, "Event-Date-GMT", GMT.format(now.atZone(ZoneOffset.UTC)));
        add(h, "Event-Date-Timestamp", Long.toString(micros(now)));
        add(h, "Event-Calling-File", file);
        add(h, "Event-Calling-Function", function);
        add(h, "Event-Calling-Line-Number", Integer.toString(line));
        add(h, "Event-Sequence", Long.toString(sequence.incrementAndGet()));
        return h;
    }

    EslEvent heartbeat(int sessions) {
        List<Map.Entry<String, String>> h = prefix("HEARTBEAT", "switch_core.c", "send_heartbeat", 82);
        add(h, "Event-Info", "System Ready");
        add(h, "Session-Count", Integer.toString(sessions));
        return new EslEvent(EventFormat.PLAIN, h, "");
    }

    EslEvent backgroundJob(String jobUuid, String command, String arg, String body) {
        List<Map.Entry<String, String>> h = prefix("BACKGROUND_JOB", "mod_event_socket.c", "api_exec", 1572);
        add(h, "Job-UUID", jobUuid);
        add(h, "Job-Command", command);
        add(h, "Job-Command-Arg", arg);
        add(h, "Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        return new EslEvent(EventFormat.PLAIN, h, body);
    }

    /** A channel event: prefix, {@code before}, channel data, {@code after}; body optional. */
    EslEvent channel(String name, SimChannel ch, List<Map.Entry<String, String>> before,
                     List<Map.Entry<String, String>> after, String body) {
        return channelAt("switch_channel_event", 700, name, ch, before, after, body);
    }

    /** A channel event fired from {@code function} at {@code line} of switch_channel.c. */
    EslEvent channelAt(String function, int line, String name, SimChannel ch, List<Map.Entry<String, String>> before,
                       List<Map.Entry<String, String>> after, String body) {
        List<Map.Entry<String, String>> h = prefix(name, "switch_channel.c", function, line);
        h.addAll(before);
        ch.channelData(h);
        h.addAll(after);
        if (!body.isEmpty()) {
            add(h, "Content-Length", Integer.toString(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        return new EslEvent(EventFormat.PLAIN, h, body);
    }

    /** {@code CUSTOM callcenter::info} as mod_callcenter fires it: Event-Subclass before Event-Name. */
    EslEvent callcenter(String function, int line, String... kv) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        add(h, "Event-Subclass", "callcenter::info");
        h.addAll(prefix("CUSTOM", "mod_callcenter.c", function, line));
        h.addAll(headers(kv));
        return new EslEvent(EventFormat.PLAIN, h, "");
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
    }

    static void add(List<Map.Entry<String, String>> h, String k, String v) {
        h.add(Map.entry(k, v == null ? "" : v));
    }

    static List<Map.Entry<String, String>> headers(String... kv) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            add(h, kv[i], kv[i + 1]);
        }
        return h;
    }
}
