package dev.zhiyu.telephony.call;

import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.DialogSession.EndReason;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.telephony.TranscriptLine;
import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Holds one dialog over one answered call, on the call's own virtual thread: the bot's text is spoken with
 * {@code play_and_detect_speech} (barge-in) or {@code playback} then detection (no barge-in), recognised
 * N-best is fed back, actions are carried out, no-input and max-duration limits are enforced.
 */
public final class DialogBridge {

    /**
     * @param asr       FreeSWITCH ASR engine name for {@code detect:<asr>} (e.g. "unimrcp", "funasr", "test")
     * @param recordDir where uuid_record writes, in a directory per tenant; null disables recording
     * @param callcenterQueuePrefix transfer targets starting with this go to mod_callcenter, others to an extension
     * @param tts       FreeSWITCH TTS engine set as the channel's {@code tts_engine} before the first prompt: without
     *                  one FreeSWITCH logs "Invalid Args", reports the prompt played and the callee hears silence
     */
    public record Settings(String asr, String grammar, Duration noInput, Duration maxDuration, String recordDir,
                           String callcenterQueuePrefix, String tts) {
        public Settings {
            if (tts == null || !tts.matches("[A-Za-z0-9_.:-]{1,64}")) {
                throw new IllegalArgumentException("TTS 引擎名无效：" + tts + "（字母、数字、_.:-，如 unimrcp）");
            }
        }

        public static Settings defaults() {
            return new Settings("unimrcp", "default", Duration.ofSeconds(6), Duration.ofMinutes(5), null, "queue:", "unimrcp");
        }
    }

    /**
     * What the dialog did, for the call record and the dialer.
     *
     * @param mediaFailure why a prompt or the recogniser failed (the call was then hung up), or null
     */
    public record Result(Outcome outcome, EndReason reason, List<String> transcript, String transferredTo,
                         boolean optOut, List<String> smsTemplates, String mediaFailure) {
    }

    /**
     * Said instead of the greeting on a call taken over from a crashed dialer before the customer had answered
     * anything: the session restarts at its opening, but the callee must not hear the opening twice.
     */
    public static final String RESUME = "不好意思，我们刚才通话中断了一下。您请接着说，我在听。";

    /** The caller line of a turn where nothing was heard. */
    public static final String NO_INPUT = "（无应答）";
    /** Logged when the connection to FreeSWITCH dropped while the customer was being listened to. */
    public static final String ASKED_AGAIN = "与 FreeSWITCH 的连接中断后恢复，未听到的问题重问一遍";

    /** How the transcript's system line for a media failure starts. */
    public static final String MEDIA_FAILURE = "媒体故障，已挂断：";

    private final CallControl control;
    private final Settings settings;

    public DialogBridge(CallControl control, Settings settings) {
        this.control = control;
        this.settings = settings;
    }

    /**
     * Holds the dialog until the call ends or is handed on.
     *
     * @param earlier        the call's running transcript so far, for a call re-attached mid-dialog: its customer
     *                       turns are replayed into {@code session} and the dialog continues with the next prompt
     * @param transcriptSink every new line as it is written (the earlier ones are not repeated)
     */
    public Result run(Call call, DialogSession session, List<String> earlier, Consumer<String> transcriptSink)
            throws InterruptedException {
        long deadline = System.nanoTime() + settings.maxDuration().toNanos();
        List<String> transcript = new ArrayList<>();
        BotTurn turn = session.start();
        String resumed = "";
        if (call.midDialog()) {
            var replay = DialogReplay.resume(session, turn, earlier);
            if (replay.isPresent()) {
                transcript.addAll(replay.get().kept());
                turn = replay.get().next();
                resumed = "，从中断处继续（回放客户应答 " + replay.get().replayed() + " 轮）";
            } else if (!turn.ends()) {
                // the callee already heard the opening: a short apology asks them to go on instead
                turn = new BotTurn(RESUME, true, List.of());
            }
        }
        Consumer<String> log = line -> {
            transcript.add(line);
            transcriptSink.accept(line);
        };
        List<String> sms = new ArrayList<>();
        boolean optOut = false;
        String transferredTo = null;
        if (call.reattached()) {
            // the crashed process's prompt may still be playing; its recording keeps running in FreeSWITCH.
            breakPrompt(call); // before our first prompt: "all" would also flush anything queued after it
            if (settings.recordDir() != null) {
                call.recordingPath = recordingPath(call);
            }
            log.accept(TranscriptLine.system("拨号程序重启后重新接管通话" + (call.midDialog() ? "，不重播开场白" : "")
                    + resumed).format());
        } else if (settings.recordDir() != null) {
            control.api("uuid_record " + call.uuid() + " start " + recordingPath(call));
        }
        // queued ahead of the first prompt; a channel without one plays every prompt as silence
        control.execute(call, "set", "tts_engine=" + settings.tts(), UUID.randomUUID().toString());
        EndReason reason;
        String mediaFailure = null;
        boolean askAgain = false;
        while (true) {
            if (call.takeoverTarget() != null) {
                transferredTo = takeOver(call, log);
                reason = EndReason.TRANSFERRED;
                break;
            }
            Heard heard = turn.ends() ? say(call, turn.text(), deadline) : listen(call, turn, deadline);
            if (heard.detached()) {
                // shutting down: whether the prompt played is not known, so no line for it; a restarted dialer
                // re-attaches the call and goes on from the last recorded turn
                reason = EndReason.CHANNEL_CLOSED;
                break;
            }
            if (heard.failure() != null) {
                mediaFailure = heard.failure();
                log.accept(TranscriptLine.system(MEDIA_FAILURE + mediaFailure).format());
                control.hangup(call, "NORMAL_CLEARING");
                reason = EndReason.CHANNEL_CLOSED;
                break;
            }
            log.accept(TranscriptLine.robot(turn.text()).format()); // only a prompt FreeSWITCH did play
            if (!askAgain) {
                optOut |= actions(turn, sms);
            }
            askAgain = false;
            if (heard.hungUp()) {
                reason = EndReason.USER_HUNG_UP;
                break;
            }
            if (heard.takenOver()) {
                continue;
            }
            if (turn.ends()) {
                BotAction end = turn.actions().stream().filter(x -> x instanceof BotAction.Transfer
                        || x instanceof BotAction.HangUp).findFirst().orElseThrow();
                if (end instanceof BotAction.Transfer t) {
                    transfer(call, t.target());
                    transferredTo = t.target();
                    reason = EndReason.TRANSFERRED;
                } else {
                    control.hangup(call, "NORMAL_CLEARING");
                    reason = EndReason.BOT_HUNG_UP;
                }
                break;
            }
            if (heard.timedOut()) {
                control.hangup(call, "NORMAL_CLEARING");
                reason = EndReason.MAX_DURATION;
                break;
            }
            if (heard.input() == null && heard.resynced()) {
                // we lost the events, not the customer their words: the same turn again, not a silence
                log.accept(TranscriptLine.system(ASKED_AGAIN).format());
                askAgain = true;
                continue;
            }
            if (heard.input() == null) {
                log.accept(TranscriptLine.caller(NO_INPUT).format());
                turn = session.silence();
            } else {
                log.accept(TranscriptLine.caller(describe(heard.input())).format());
                turn = session.hear(heard.input());
            }
        }
        Outcome outcome = session.end(reason);
        if (reason != EndReason.TRANSFERRED && !call.detached().isDone()) {
            awaitHangup(call);
        }
        return new Result(outcome, reason, transcript, transferredTo, optOut, sms, mediaFailure);
    }

    /** The turn's SMS go to {@code sms}; true when it records an opt-out. */
    private static boolean actions(BotTurn turn, List<String> sms) {
        boolean optOut = false;
        for (BotAction a : turn.actions()) {
            if (a instanceof BotAction.SendSms s) {
                sms.add(s.template());
            } else if (a instanceof BotAction.OptOut) {
                optOut = true;
            }
        }
        return optOut;
    }

    /** {@code <recordDir>/<tenant>/<uuid>.wav}: one directory per tenant, so retention never touches another's files. */
    private String recordingPath(Call call) {
        return settings.recordDir() + "/" + call.request().tenantId() + "/" + call.uuid() + ".wav";
    }

    /**
     * @param failure  why FreeSWITCH could not play the prompt or run the recogniser, or null
     * @param detached this process stopped following the call ({@link Call#detach}) while it waited
     */
    private record Heard(UserInput input, boolean hungUp, boolean timedOut, boolean takenOver, String failure,
                         boolean resynced, boolean detached) {
        Heard(UserInput input, boolean hungUp, boolean timedOut) {
            this(input, hungUp, timedOut, false, null, false, false);
        }

        static Heard failed(String why) {
            return new Heard(null, false, false, false, why, false, false);
        }

        static Heard stopped() {
            return new Heard(null, false, false, false, null, false, true);
        }
    }

    /** Stops what is playing or listening, then transfers the way a dialog's own transfer does. */
    private String takeOver(Call call, Consumer<String> log) throws InterruptedException {
        String target = call.takeoverTarget();
        breakPrompt(call);
        log.accept(TranscriptLine.system("主管接管通话，转接 " + target).format());
        transfer(call, target);
        return target;
    }

    private Heard listen(Call call, BotTurn turn, long deadline) throws InterruptedException {
        String detect = "detect:" + settings.asr() + " {start-input-timers=false,no-input-timeout="
                + settings.noInput().toMillis() + ",speech-timeout=10000}" + settings.grammar();
        String prompt = tts(turn.text());
        if (!turn.bargeIn()) {
            Heard played = say(call, turn.text(), deadline);
            if (played.hungUp() || played.timedOut() || played.failure() != null || played.detached()) {
                return played;
            }
            prompt = "silence_stream://200";
        }
        String eventUuid = UUID.randomUUID().toString();
        control.execute(call, "play_and_detect_speech", prompt + " " + detect, eventUuid);
        return await(call, eventUuid, deadline);
    }

    /** Plays text without listening; returns when playback completes or the call ends. */
    private Heard say(Call call, String text, long deadline) throws InterruptedException {
        if (text.isBlank()) {
            return new Heard(null, call.hungUp(), false);
        }
        String eventUuid = UUID.randomUUID().toString();
        control.execute(call, "playback", tts(text), eventUuid);
        return await(call, eventUuid, deadline);
    }

    private static String tts(String text) {
        // "say:" renders with the channel's tts_engine/tts_voice; newlines would end the ESL header
        return "say:" + text.replace('\n', ' ');
    }

    private Heard await(Call call, String eventUuid, long deadline) throws InterruptedException {
        StringBuilder dtmf = new StringBuilder();
        UserInput speech = null;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Heard(null, false, true);
            }
            if (call.detached().isDone()) {
                return Heard.stopped();
            }
            if (call.takeoverTarget() != null) {
                return new Heard(null, false, false, true, null, false, false);
            }
            EslEvent e = call.next(Duration.ofNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))));
            if (e == null) {
                continue;
            }
            switch (e.name()) {
                case "CHANNEL_HANGUP", "CHANNEL_HANGUP_COMPLETE" -> {
                    return new Heard(null, true, false);
                }
                case "DETECTED_SPEECH" -> {
                    if ("detected-speech".equals(e.get("Speech-Type"))) {
                        List<UserInput.Hypothesis> nbest = SpeechResults.parse(e.body());
                        if (!nbest.isEmpty()) {
                            speech = new UserInput(nbest, dtmf.toString());
                        }
                    }
                }
                case MissedEvents.RESYNCED -> {
                    breakPrompt(call); // the connection dropped meanwhile: whatever it was waiting for may be lost
                    return new Heard(speech, false, false, false, null, true, false);
                }
                case Call.DETACHED -> {
                    return Heard.stopped();
                }
                case "DTMF" -> dtmf.append(e.getOrEmpty("DTMF-Digit"));
                case "CHANNEL_EXECUTE_COMPLETE" -> {
                    if (eventUuid.equals(e.get("Application-UUID"))) {
                        String failure = MediaFailure.of(e);
                        if (failure != null) {
                            return Heard.failed(failure);
                        }
                        if (speech == null && !dtmf.isEmpty()) {
                            speech = new UserInput(List.of(), dtmf.toString());
                        }
                        if (speech == null && e.variable("detect_speech_result") != null) {
                            List<UserInput.Hypothesis> nbest = SpeechResults.parse(e.variable("detect_speech_result"));
                            speech = nbest.isEmpty() ? null : new UserInput(nbest, "");
                        }
                        return new Heard(speech, false, false);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** Stops what plays and flushes queued applications; a failure is no reason to stop the dialog. */
    private void breakPrompt(Call call) throws InterruptedException {
        try {
            control.api("uuid_break " + call.uuid() + " all").get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // nothing was playing any more, or the switch is slow: the dialog goes on either way
        }
    }

    private void transfer(Call call, String target) {
        if (target.startsWith(settings.callcenterQueuePrefix())) {
            control.execute(call, "callcenter", target.substring(settings.callcenterQueuePrefix().length()),
                    UUID.randomUUID().toString());
        } else {
            control.api("uuid_transfer " + call.uuid() + " " + target + " XML default");
        }
    }

    private static void awaitHangup(Call call) {
        try {
            CompletableFuture.anyOf(call.hangupComplete(), call.detached()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the record will say what we know; the resync closes it as interrupted if FreeSWITCH lost it
        }
    }

    private static String describe(UserInput in) {
        if (!in.nbest().isEmpty()) {
            return in.nbest().get(0).text() + (in.dtmf().isEmpty() ? "" : " [按键 " + in.dtmf() + "]");
        }
        return "[按键 " + in.dtmf() + "]";
    }
}
