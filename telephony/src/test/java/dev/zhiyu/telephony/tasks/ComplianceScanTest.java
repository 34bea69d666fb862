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

    private static List<String> kinds(CallRecord... calls) {
        return ComplianceScan.scan(TASK, List.of(calls)).stream().map(f -> f.callId() + " " + f.kind()).toList();
    }

    @Test
    void aWordOfDisclosureThatDoesNotSayTheBotIsAnAiIsNoDisclosure() {
        assertEquals(List.of("denies NO_AI_DISCLOSURE", "product NO_AI_DISCLOSURE"), kinds(
                call("denies", NOON, true, "机器人: 您好，我不是机器人，是您的专属客服。", "客户: 哦"),
                call("product", NOON, true, "机器人: 您好，向您介绍我们的智能投顾服务。", "客户: 嗯"),
                call("robot", NOON, true, "机器人: 您好，我是语音机器人，本次通话可能会被录音。", "客户: 好"),
                call("assistant", NOON, true, "机器人: 我是智语证券的AI助理。", "客户: 好"),
                call("not-human", NOON, true, "机器人: 提醒您，我不是真人坐席。", "客户: 好")));
    }

    @Test
    void theDisclosureMustComeBeforeTheCalleeFirstSpeaks() {
        List<ComplianceScan.Flag> flags = ComplianceScan.scan(TASK, List.of(call("late", NOON, true,
                "机器人: 您好，这里是智语证券回访。", "客户: 你是真人吗", "机器人: 我是智能语音助理。")));
        assertEquals(List.of("NO_AI_DISCLOSURE"), flags.stream().map(ComplianceScan.Flag::kind).toList());
        assertEquals("我是智能语音助理。", flags.getFirst().evidence());
    }

    @Test
    void aCallInWhichNothingWasPlayedNeedsNoDisclosure() {
        assertEquals(List.of(), kinds(call("media", NOON, true, "系统: 提示音播放失败：Invalid Args"),
                call("unanswered", NOON, false, "机器人: 这里是回访。")));
    }

    @Test
    void promisedReturnsAreFlaggedAndRiskWarningsAreNot() {
        assertEquals(List.of("rate PROHIBITED_PHRASE", "yield PROHIBITED_PHRASE", "floor PROHIBITED_PHRASE"), kinds(
                call("rate", NOON, true, "机器人: 我是智能客服。", "客户: 收益多少", "机器人: 收益率保证在百分之八以上"),
                call("yield", NOON, true, "机器人: 我是智能客服。", "客户: 收益多少", "机器人: 我们保证年化收益不低于五个点"),
                call("floor", NOON, true, "机器人: 我是智能客服。", "客户: 会亏吗", "机器人: 绝不会亏，有保底"),
                call("warning", NOON, true, "机器人: 我是智能客服。", "客户: 保本吗", "机器人: 本产品不保本，也不保证收益，投资有风险"),
                call("notRiskless", NOON, true, "机器人: 我是智能客服。", "机器人: 任何投资都并非无风险")));
    }
}
