package dev.zhiyu.telephony.tasks;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.lists.PhoneNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compliance flags over a task's calls: prohibited promises (guaranteed principal or returns) said by the robot,
 * answered calls whose robot never said it is an AI, and calls started outside the task's calling window.
 */
public final class ComplianceScan {
    /** What was found, on which call, with the line (or time) that shows it. */
    public record Flag(String callId, String phone, String kind, String label, String evidence) {
    }

    static final List<String> PROHIBITED = List.of("保本", "稳赚", "保证收益", "保收益", "零风险", "无风险", "包赚",
            "稳赢", "只赚不赔", "保证盈利");
    static final List<String> AI_DISCLOSURE = List.of("智能", "机器人", "AI", "人工智能", "语音助手", "虚拟助手");

    private ComplianceScan() {
    }

    public static List<Flag> scan(TaskSpec task, List<CallRecord> calls) {
        List<Flag> flags = new ArrayList<>();
        for (CallRecord c : calls) {
            String phone = PhoneNumbers.mask(c.phone());
            List<String> robot = c.transcript().stream().map(TranscriptLine::parse).flatMap(Optional::stream)
                    .filter(l -> l.speaker() == TranscriptLine.Speaker.ROBOT).map(TranscriptLine::text).toList();
            for (String line : robot) {
                PROHIBITED.stream().filter(line::contains).findFirst().ifPresent(w -> flags.add(
                        new Flag(c.callId(), phone, "PROHIBITED_PHRASE", "违规承诺：" + w, line)));
            }
            if (c.answeredAt() != null && !robot.isEmpty()
                    && robot.stream().noneMatch(l -> AI_DISCLOSURE.stream().anyMatch(l::contains))) {
                flags.add(new Flag(c.callId(), phone, "NO_AI_DISCLOSURE", "未声明 AI 身份", robot.getFirst()));
            }
            if (c.originatedAt() != null && !task.inWindow(c.originatedAt())) {
                flags.add(new Flag(c.callId(), phone, "OUTSIDE_WINDOW", "外呼时段外拨打",
                        c.originatedAt().atZone(task.zone()).toLocalDateTime() + "（时段 " + task.windowStart() + "–"
                                + task.windowEnd() + "）"));
            }
        }
        return flags;
    }
}
