package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslFrame;
import dev.zhiyu.telephony.esl.EventFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The ESL event filter of one node's connection. Once any filter is set, FreeSWITCH sends only the events that match
 * one of them: the jobs' results, heartbeats, mod_callcenter's agent events and, one {@code Unique-ID} filter per
 * call, the channels this process follows — never the events of other applications' channels on the same switch.
 * A variable set on originate would not do: DTMF and DETECTED_SPEECH carry no channel variables (see the captured
 * frames), so a call's recognised speech would be filtered out.
 */
final class ChannelFilter {

    private static final List<Map.Entry<String, String>> OWN_EVENTS = List.of(
            Map.entry("Event-Name", "BACKGROUND_JOB"), Map.entry("Event-Name", "HEARTBEAT"),
            Map.entry("Event-Subclass", "callcenter::info"));

    private final String node;
    private final Consumer<String> alerts;

    ChannelFilter(String node, Consumer<String> alerts) {
        this.node = node;
        this.alerts = alerts;
    }

    /** On a new connection: subscribes to {@code events}, then filters them down to ours and to {@code followed}. */
    void subscribe(EslClient c, String events, Collection<String> followed) throws IOException {
        c.events(EventFormat.PLAIN, events);
        List<CompletableFuture<EslFrame>> replies = new ArrayList<>();
        OWN_EVENTS.forEach(f -> replies.add(c.send("filter " + f.getKey() + " " + f.getValue(), Map.of(), null)));
        followed.forEach(uuid -> replies.add(c.send("filter Unique-ID " + uuid, Map.of(), null)));
        try {
            for (CompletableFuture<EslFrame> r : replies) {
                String text = r.get(10, TimeUnit.SECONDS).replyText();
                if (!text.startsWith("+OK")) {
                    throw new IOException("FreeSWITCH " + node + " 拒绝了事件过滤命令：" + text);
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("FreeSWITCH " + node + " 未应答事件过滤命令：" + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("事件过滤设置被中断", e);
        }
    }

    /** The channel's events pass from now on; sent before its originate, which ESL then runs after it. */
    void follow(EslClient c, String uuid) {
        c.send("filter Unique-ID " + uuid, Map.of(), null).whenComplete((reply, err) -> {
            if (err == null && !reply.replyText().startsWith("+OK")) {
                alerts.accept("FreeSWITCH " + node + " 拒绝了通道 " + uuid + " 的事件过滤：" + reply.replyText());
            }
        });
    }

    /** The channel's filter goes; nothing to do when the connection is down (its filters went with it). */
    void unfollow(EslClient c, String uuid) {
        if (c == null || !c.isOpen()) {
            return;
        }
        c.send("filter delete Unique-ID " + uuid, Map.of(), null).whenComplete((reply, err) -> {
            if (err == null && !reply.replyText().startsWith("+OK")) {
                alerts.accept("FreeSWITCH " + node + " 未能删除通道 " + uuid + " 的事件过滤：" + reply.replyText());
            }
        });
    }
}
