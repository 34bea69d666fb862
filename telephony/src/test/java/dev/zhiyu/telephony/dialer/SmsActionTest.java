package dev.zhiyu.telephony.dialer;

import static dev.zhiyu.telephony.dialer.DialerEndToEndTest.SHANGHAI;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.SmsSender;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A dialog's SendSms action reaches the tenant's sender after the call and is noted on the call record. */
class SmsActionTest {

    @Test
    void aDialogsSmsGoesToTheSenderAndOntoTheRecordButNotAfterAnOptOut() throws Exception {
        List<SmsSender.Request> sent = new CopyOnWriteArrayList<>();
        SmsSender sender = r -> {
            sent.add(r);
            return sent.size() == 1 ? new SmsSender.Result(SmsSender.Status.QUEUED, "s1", null)
                    : new SmsSender.Result(SmsSender.Status.RATE_LIMITED, "s" + sent.size(), "同一号码 24 小时内最多 1 条");
        };
        Map<String, Callee> callees = Map.of("13500000000", Callee.answers(Callee.says("我再考虑一下")),
                "13500000001", Callee.answers(Callee.says("不需要，别再打了")),
                "13500000002", Callee.answers(Callee.says("好的")));
        ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 10, 0, 0, 0, SHANGHAI).toInstant());
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults(), callees::get)) {
            int port = sim.start();
            try (CallControl control = new CallControl(new CallControl.Node("fs", "127.0.0.1", port, "ClueCon"), clock,
                    a -> { }).start()) {
                InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
                store.putList("l", List.of(lead(0), lead(1), lead(2)));
                store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 3, 10,
                        LocalTime.of(9, 0), LocalTime.of(20, 0), SHANGHAI, Set.of(), 1, TaskSpec.defaultRetryDelays(), 3, 30));
                Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(),
                        new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(1), null, "queue:", "test"),
                        clock, a -> { }, r -> { });
                dialer.sms(sender);
                dialer.start("T");
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (store.status("T") != TaskStatus.COMPLETED) {
                    assertTrue(System.nanoTime() < deadline, "task did not finish");
                    dialer.tick("T");
                    Thread.sleep(10);
                }
                assertEquals(2, sent.size(), "the two callees who did not opt out: " + sent);
                assertTrue(sent.stream().noneMatch(r -> r.phone().equals("+8613500000001")), "no SMS after an opt-out");
                for (SmsSender.Request r : sent) {
                    CallRecord rec = store.records("T").stream().filter(c -> c.callId().equals(r.callId())).findFirst().orElseThrow();
                    assertEquals("open_link", r.template());
                    assertEquals(rec.phone(), r.phone());
                    assertEquals(Map.of("开户步骤", "身份证上传"), r.variables(), "the lead's variables fill the template");
                    String line = rec.transcript().get(rec.transcript().size() - 1);
                    assertTrue(line.startsWith("系统: 短信 open_link"), line);
                    assertTrue(line.contains("发件箱") || line.contains("频率限制"), line);
                }
            }
        }
    }

    private static Lead lead(int i) {
        String n = "1350000000" + i;
        return new Lead("L" + i, "l", i, "+86" + n, n, Map.of("开户步骤", "身份证上传"));
    }
}
