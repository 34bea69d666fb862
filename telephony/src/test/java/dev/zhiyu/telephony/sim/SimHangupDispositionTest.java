package dev.zhiyu.telephony.sim;

import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.HangupFacts;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.SimRig;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.esl.EslEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The simulator ends calls with the headers the real switch sends for 480/408 under NORMAL_CLEARING, 603 and an early BYE. */
class SimHangupDispositionTest {

    private SimRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void eachEndingIsDecidedFromWhatTheSwitchSends() throws Exception {
        Map<String, Callee> callees = Map.of(
                "13800000001", Callee.of(Callee.Kind.UNAVAILABLE_NORMAL_CLEARING),
                "13800000002", Callee.of(Callee.Kind.TIMEOUT_NORMAL_CLEARING),
                "13800000003", Callee.of(Callee.Kind.REJECT),
                "13800000004", Callee.answers(new Callee.Utterance.HangUp()));
        rig = SimRig.on(new FsSimulator(FsSimulator.Config.defaults(), callees::get));

        assertEquals(Disposition.NO_ANSWER, end("13800000001", false));
        assertEquals(Disposition.NO_ANSWER, end("13800000002", false));
        assertEquals(Disposition.REJECTED, end("13800000003", false));
        assertEquals(Disposition.EARLY_HANGUP, end("13800000004", true));
    }

    /** Dials, plays one prompt if answered (the callee hangs up during it), and decides from CHANNEL_HANGUP_COMPLETE. */
    private Disposition end(String number, boolean answers) throws Exception {
        Call call = rig.control.originate(new OriginateRequest(UUID.randomUUID().toString(), "gw1", number, "057188880000",
                30, "acme", "T1", "L" + number));
        String job = call.originateResult().get(10, TimeUnit.SECONDS);
        assertEquals(answers, job.startsWith("+OK"), job);
        if (answers) {
            rig.control.execute(call, "play_and_detect_speech", "say:您好，这里是智语 detect:test {no-input-timeout=5000}",
                    UUID.randomUUID().toString());
        }
        EslEvent hangup = call.hangupComplete().get(10, TimeUnit.SECONDS);
        return Disposition.of(HangupFacts.fromEvent(hangup::get, call.answeredAt() != null, false), Duration.ofSeconds(5));
    }
}
