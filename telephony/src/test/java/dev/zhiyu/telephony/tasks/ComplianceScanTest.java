package dev.zhiyu.telephony.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.TaskSpec;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each kind of flag on a call that earns it, and none on a clean call. */
class ComplianceScanTest {
    private static final TaskSpec TASK = new TaskSpec("t1", "alpha", "l1", "demo", List.of("02100000000"), List.of("gw"),
            2, 1, LocalTime.of(9, 0), LocalTime.of(20, 0), ZoneId.of("Asia/Shanghai"), Set.of(), 1, Map.of(), 3, 30);
    private static final Instant NOON = Instant.parse("2026-11-20T04:00:00Z"); // 12:00 in Shanghai
    private static final Instant NIGHT = Instant.parse("2026-11-20T14:30:00Z"); // 22:30 in Shanghai

    private static CallRecord call(String id, Instant at, boolean answered, String... transcript) {
        return new CallRecord(id, "alpha", "t1", "lead-" + id, 1, "+8613800138000", "gw", at, answered ? at : null,
                at.plusSeconds(60), "NORMAL_CLEARING", "200", Disposition.COMPLETED, 60, null, List.of(transcript), "B", null);
    }

    @Test
    void flagsPromisesMissingDisclosureAndCallsOutsideTheWindow() {
        List<ComplianceScan.Flag> flags = ComplianceScan.scan(TASK, List.of(
                call("clean", NOON, true, "机器人: 您好，我是智语证券的智能客服。", "客户: 好的"),
                call("promise", NOON, true, "机器人: 您好，我是智能助理。", "客户: 有风险吗", "机器人: 这款产品保本保息，稳赚不赔"),
                call("silent-ai", NOON, true, "机器人: 您好，这里是智语证券回访。", "客户: 嗯"),
                call("late", NIGHT, false)));
        assertEquals(List.of("promise PROHIBITED_PHRASE", "silent-ai NO_AI_DISCLOSURE", "late OUTSIDE_WINDOW"),
                flags.stream().map(f -> f.callId() + " " + f.kind()).toList());
        assertEquals("这款产品保本保息，稳赚不赔", flags.getFirst().evidence());
        assertEquals("+86138****8000", flags.getFirst().phone(), "numbers are masked");
    }

    @Test
    void customersSayingTheWordsAreNotFlagged() {
        assertEquals(List.of(), ComplianceScan.scan(TASK, List.of(
                call("asks", NOON, true, "机器人: 我是智能客服。", "客户: 你们保本吗？稳赚吗？"))));
    }
}
