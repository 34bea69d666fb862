package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.TaskStore;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.call.DialogBridge;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Media failures in a row per task: each one is an alert; after {@code limit} of them the task pauses itself (the
 * engine is missing or broken on the node, and every further answered customer would only hear silence). An
 * answered call whose media worked starts the count again.
 */
final class MediaFailures {
    private final TaskStore tasks;
    private final Consumer<String> alerts;
    private final Map<String, AtomicInteger> inRow = new ConcurrentHashMap<>();
    private volatile int limit = 3;

    MediaFailures(TaskStore tasks, Consumer<String> alerts) {
        this.tasks = tasks;
        this.alerts = alerts;
    }

    void limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("连续媒体故障次数上限须至少为 1");
        }
        limit = n;
    }

    /** Counts a finished call of its task. */
    void ended(CallRecord r) {
        if (r.disposition() != Disposition.MEDIA_FAILED) {
            if (r.answeredAt() != null) {
                inRow.remove(r.taskId());
            }
            return;
        }
        String why = reason(r.transcript());
        int n = inRow.computeIfAbsent(r.taskId(), k -> new AtomicInteger()).incrementAndGet();
        alerts.accept("任务 " + r.taskId() + " 的通话 " + r.callId() + " 媒体故障（连续第 " + n + " 通）：" + why);
        if (n >= limit && tasks.transition(r.taskId(), List.of(TaskStatus.RUNNING), TaskStatus.PAUSED)) {
            alerts.accept("任务 " + r.taskId() + " 连续 " + n + " 通电话媒体故障，已自动暂停：" + why
                    + "。请检查 FreeSWITCH 节点上的 ASR/TTS 引擎模块，修复后恢复任务");
            inRow.remove(r.taskId());
        }
    }

    private static String reason(List<String> transcript) {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            var line = TranscriptLine.parse(transcript.get(i));
            if (line.isPresent() && line.get().text().startsWith(DialogBridge.MEDIA_FAILURE)) {
                return line.get().text().substring(DialogBridge.MEDIA_FAILURE.length());
            }
        }
        return "未记录原因";
    }
}
