package dev.zhiyu.telephony.tasks;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compliance flags over a task's calls, read from what was actually played: a call's robot lines are written to the
 * transcript only once FreeSWITCH has played them. Flags prohibited promises (guaranteed principal or returns) said by
 * the robot, answered calls whose robot did not say it is an AI before the callee first spoke (or never did), and calls
 * started outside the task's calling window.
 */
public final class ComplianceScan {
    /** What was found, on which call, with the line (or time) that shows it. */
    public record Flag(String callId, String phone, String kind, String label, String evidence) {
    }

    private record Finding(String label, String evidence) {
    }

    private ComplianceScan() {
    }

    public static List<Flag> scan(TaskSpec task, List<CallRecord> calls) {
        List<Flag> flags = new ArrayList<>();
        for (CallRecord c : calls) {
            String phone = PhoneNumbers.mask(c.phone());
            List<TranscriptLine> lines = c.transcript().stream().map(TranscriptLine::parse).flatMap(Optional::stream)
                    .filter(l -> l.speaker() != TranscriptLine.Speaker.SYSTEM).toList();
            for (TranscriptLine l : lines) {
                if (l.speaker() == TranscriptLine.Speaker.ROBOT) {
                    Phrases.promise(l.text()).ifPresent(w -> flags.add(
                            new Flag(c.callId(), phone, "PROHIBITED_PHRASE", "违规承诺：" + w, l.text())));
                }
            }
            if (c.answeredAt() != null) {
                disclosure(lines).ifPresent(f -> flags.add(new Flag(c.callId(), phone, "NO_AI_DISCLOSURE", f.label(), f.evidence())));
            }
            if (c.originatedAt() != null && !task.inWindow(c.originatedAt())) {
                flags.add(new Flag(c.callId(), phone, "OUTSIDE_WINDOW", "外呼时段外拨打",
                        c.originatedAt().atZone(task.zone()).toLocalDateTime() + "（时段 " + task.windowStart() + "–"
                                + task.windowEnd() + "）"));
            }
        }
        return flags;
    }

    /**
     * {label, evidence} when the robot played something but did not say it is an AI in what it played before the
     * callee's first reply. A call where nothing was played (the callee heard no robot) needs no disclosure.
     */
    private static Optional<Finding> disclosure(List<TranscriptLine> lines) {
        boolean callerSpoke = false;
        String firstRobot = null;
        for (TranscriptLine l : lines) {
            if (l.speaker() == TranscriptLine.Speaker.CALLER) {
                callerSpoke = true;
            } else if (Phrases.disclosesAi(l.text())) {
                return callerSpoke ? Optional.of(new Finding("AI 身份声明过晚（客户已先开口）", l.text()))
                        : Optional.empty();
            } else if (firstRobot == null) {
                firstRobot = l.text();
            }
        }
        return firstRobot == null ? Optional.empty() : Optional.of(new Finding("未声明 AI 身份", firstRobot));
    }
}
