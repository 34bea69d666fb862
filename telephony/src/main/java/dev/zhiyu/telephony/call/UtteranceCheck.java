package dev.zhiyu.telephony.call;

import dev.zhiyu.dialog.UserInput.Hypothesis;
import dev.zhiyu.telephony.MediaEngines;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test utterance on a loopback channel: the node synthesises a sentence with the TTS engine and recognises it with
 * the ASR engine, end to end, as a call would. {@code module_exists} only says a module is loaded; this finds an
 * engine that is loaded but does not work (its server unreachable, a wrong profile or voice).
 *
 * <p>The A leg is {@code loopback/m:^:answer^echo/default/inline}: its B leg answers and echoes back what it receives
 * (mod_loopback's {@code loopback/<exten>/<context>/<dialplan>}, the inline dialplan with {@code ^} as separator —
 * a {@code ,} would split the dial string into parallel legs). The A leg carries {@code tts_engine}/{@code tts_voice}
 * from the originate variables and runs {@code play_and_detect_speech say:<sentence> detect:<asr> {…}default}, so its
 * recogniser hears the synthesised sentence coming back. Grounded in the captured frames: the CHANNEL_EXECUTE_COMPLETE
 * of play_and_detect_speech ({@code Application-Response: DONE}, {@code variable_detect_speech_result} JSON,
 * {@code variable_playback_samples} of the audio written) and the failure responses read by {@link MediaFailure}.
 * Not captured (from FreeSWITCH's documented syntax only): the loopback dial string, the inline separator, and the
 * loopback leg's own events; on a switch without mod_loopback the originate fails and the node is not judged.
 */
final class UtteranceCheck {
    /** The sentence synthesised and recognised: plain words any Chinese engine handles. */
    static final String SENTENCE = "您好这是语音自检";
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final Duration RUN = Duration.ofSeconds(20);

    private UtteranceCheck() {
    }

    /**
     * What the utterance showed: {@code problem} when an engine failed; {@code unverified} (why, in Chinese) when the
     * node gave no clear answer — no loopback channel, no answer or no result in time — and is not judged; neither
     * when the sentence was synthesised and recognised.
     */
    record Verdict(MediaPreflight.Problem problem, String unverified) {
        static final Verdict WORKS = new Verdict(null, null);

        static Verdict unverified(String why) {
            return new Verdict(null, why);
        }
    }

    static Verdict run(CallControl node, MediaEngines engines) throws InterruptedException {
        String uuid = UUID.randomUUID().toString();
        Call call = node.originateCommand(new OriginateRequest(uuid, "loopback", "zhiyu-preflight", "zhiyu-preflight",
                (int) ANSWER.toSeconds(), "zhiyu", "preflight", "preflight"), command(uuid, engines));
        try {
            String answered = call.originateResult().get(ANSWER.toSeconds() + 5, TimeUnit.SECONDS).strip();
            if (!answered.startsWith("+OK")) {
                return Verdict.unverified("环回测试呼叫失败（" + answered + "）"
                        + (answered.contains("CHAN_NOT_IMPLEMENTED") ? "，节点可能未加载 mod_loopback" : ""));
            }
            String eventUuid = UUID.randomUUID().toString();
            node.execute(call, "play_and_detect_speech", "say:" + SENTENCE + " detect:" + engines.asr()
                    + " {start-input-timers=false,no-input-timeout=5000,speech-timeout=10000}default", eventUuid);
            EslEvent done = await(call, eventUuid);
            if (done == null) {
                return Verdict.unverified(call.hungUp() ? "环回测试通道在测试语句出结果前挂断"
                        : "测试语句 " + RUN.toSeconds() + " 秒内没有结果");
            }
            MediaPreflight.Problem p = judge(node.node().name(), engines, done);
            return p == null ? Verdict.WORKS : new Verdict(p, null);
        } catch (InterruptedException e) {
            throw e;
        } catch (TimeoutException e) {
            return Verdict.unverified("环回测试呼叫 " + (ANSWER.toSeconds() + 5) + " 秒内没有应答");
        } catch (Exception e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return Verdict.unverified("环回测试呼叫未能完成（" + cause.getMessage() + "）");
        } finally {
            end(node, call);
        }
    }

    /**
     * Hangs the loopback leg up (also one whose answer came too late: nobody would control it) and stops following it
     * (a failed originate leaves no channel, hence no hang-up event).
     */
    private static void end(CallControl node, Call call) {
        if (!call.hungUp()) {
            try {
                node.hangup(call, "NORMAL_CLEARING").get(5, TimeUnit.SECONDS);
                if (call.originateResult().getNow("").startsWith("+OK")) {
                    call.hangupComplete().get(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // no such channel, or the node went down: nothing more to end here
            }
        }
        node.drop(call);
    }

    private static String command(String uuid, MediaEngines engines) {
        return "originate {origination_uuid=" + uuid + ",origination_caller_id_number=zhiyu-preflight,originate_timeout="
                + ANSWER.toSeconds() + ",tts_engine=" + engines.tts() + ",tts_voice=default}"
                + "loopback/m:^:answer^echo/default/inline &park()";
    }

    /** The utterance's CHANNEL_EXECUTE_COMPLETE, or null when the channel ended or nothing came in time. */
    private static EslEvent await(Call call, String eventUuid) throws InterruptedException {
        long deadline = System.nanoTime() + RUN.toNanos();
        while (System.nanoTime() < deadline) {
            EslEvent e = call.next(Duration.ofMillis(200));
            if (e == null) {
                continue;
            }
            if (e.name().equals("CHANNEL_HANGUP_COMPLETE")) {
                return null;
            }
            if (e.name().equals("CHANNEL_EXECUTE_COMPLETE") && eventUuid.equals(e.get("Application-UUID"))) {
                return e;
            }
        }
        return null;
    }

    /**
     * Which engine failed, from the switch's own report: an application error names the recogniser when the
     * response is about ASR or a grammar, else the synthesiser; with no result, no audio written
     * ({@code playback_samples=0}) is the synthesiser's fault, audio that was not recognised the recogniser's.
     */
    static MediaPreflight.Problem judge(String node, MediaEngines engines, EslEvent done) {
        String failure = MediaFailure.of(done);
        String response = String.valueOf(done.get("Application-Response"));
        if (failure != null) {
            boolean asr = response.contains("ASR") || response.contains("GRAMMAR");
            return problem(node, engines, asr, failure);
        }
        List<Hypothesis> heard = SpeechResults.parse(done.variable("detect_speech_result"));
        if (!heard.isEmpty()) {
            return null;
        }
        if ("0".equals(done.variable("playback_samples"))) {
            return problem(node, engines, false, "TTS 引擎 " + engines.tts() + " 合成的测试语句「" + SENTENCE
                    + "」没有声音（playback_samples=0），接通的客户会听不到机器人");
        }
        return problem(node, engines, true, "ASR 引擎 " + engines.asr() + " 没有识别出环回通道上播放的测试语句「"
                + SENTENCE + "」，客户说的话将无法识别");
    }

    private static MediaPreflight.Problem problem(String node, MediaEngines engines, boolean asr, String what) {
        String engine = asr ? engines.asr() : engines.tts();
        String setting = asr ? engines.asrSetting() : engines.ttsSetting();
        return new MediaPreflight.Problem(node, engine, setting, "FreeSWITCH 节点 " + node + " 的语音自检失败："
                + what + "：请检查该节点上 " + (asr ? "ASR" : "TTS") + " 引擎 " + engine + " 的配置与服务，或把设置 "
                + setting + " 改为可用的引擎");
    }
}
