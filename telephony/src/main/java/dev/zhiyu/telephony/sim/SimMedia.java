package dev.zhiyu.telephony.sim;

import dev.zhiyu.dialog.UserInput.Hypothesis;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.sim.SimChannel.App;
import dev.zhiyu.telephony.sim.SimChannel.Control;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.zhiyu.telephony.sim.SimEvents.headers;

/**
 * The media of an answered leg: prompts last as long as their text, and the callee's script answers
 * {@code play_and_detect_speech} with the events FreeSWITCH sends for it (speech, DTMF, silence, hang-up).
 */
final class SimMedia {
    private static final Pattern NO_INPUT = Pattern.compile("no-input-timeout=(\\d+)");
    private static final Pattern ENGINE = Pattern.compile("detect:(\\S+)");

    private final SimChannel ch;
    private final FsSimulator sim;
    private final Callee callee;
    private int scriptIndex;

    SimMedia(SimChannel ch, FsSimulator sim, Callee callee) {
        this.ch = ch;
        this.sim = sim;
        this.callee = callee;
    }

    /** Plays a prompt for its simulated length; the application's response (interrupted: PLAYBACK_STOPPED). */
    String play(App app) throws InterruptedException {
        Speech tts = tts(app.arg());
        if (tts == Speech.SILENT || tts == Speech.FAILS) {
            return tts == Speech.SILENT ? "FILE PLAYED" : "PLAYBACK ERROR";
        }
        played(tts, app.arg());
        ch.fire("PLAYBACK_START", List.of(), List.of(), "");
        if (tts == Speech.PLAYS) {
            heard(app.arg());
        }
        Control c = ch.waitOn(promptMillis(app.arg()));
        if (c != null) {
            ch.fire("PLAYBACK_STOP", headers("Playback-Status", "break"), List.of(), "");
            ch.act(c);
            return "PLAYBACK_STOPPED";
        }
        ch.fire("PLAYBACK_STOP", headers("Playback-Status", "done"), List.of(), "");
        return "FILE PLAYED";
    }

    /**
     * How a {@code say:} prompt fares: no tts_engine on the channel → "Invalid Args", silence, yet success; a muted
     * engine plays (playback events) but no audio.
     */
    private enum Speech { PLAYS, SILENT, MUTED, FAILS }

    private Speech tts(String arg) {
        if (!arg.startsWith("say:")) {
            return Speech.PLAYS;
        }
        String engine = ch.var("tts_engine");
        if (engine == null || engine.isBlank()) {
            sim.log("[ERR] switch_ivr_play_say.c Invalid Args");
            return Speech.SILENT;
        }
        if (!sim.hasEngine(engine)) {
            sim.log("[ERR] switch_core_speech.c Invalid speech module [" + engine + "]!");
            return Speech.FAILS;
        }
        return sim.muted(engine) ? Speech.MUTED : Speech.PLAYS;
    }

    /** The application's response, or null when the call ended or was redirected meanwhile. */
    String detect(App app) throws InterruptedException {
        Matcher engine = ENGINE.matcher(app.arg());
        if (engine.find() && !sim.hasEngine(engine.group(1))) {
            sim.log("[ERR] switch_core_asr.c Invalid ASR module [" + engine.group(1) + "]!");
            return "ASR INIT ERROR";
        }
        Speech tts = tts(app.arg());
        if (tts == Speech.FAILS) {
            return "ERROR";
        }
        Callee.Utterance next = ch.echo ? echo(tts, app.arg())
                : scriptIndex < callee.script().size() ? callee.script().get(scriptIndex++) : new Callee.Utterance.Silence();
        if (engine.find(0) && sim.muted(engine.group(1))) {
            next = new Callee.Utterance.Silence(); // a muted recogniser detects nothing
        }
        played(tts, app.arg());
        playback(tts, "PLAYBACK_START", List.of());
        if (!ch.echo) { // the preflight's own utterance is no prompt to a callee
            if (tts == Speech.PLAYS) {
                heard(app.arg());
            }
            sim.promptStarted();
        }
        long prompt = promptMillis(app.arg());
        switch (next) {
            case Callee.Utterance.HangUp h -> {
                ch.waitOn(prompt / 2);
                playback(tts, "PLAYBACK_STOP", headers("Playback-Status", "break"));
                ch.hangup("NORMAL_CLEARING", "200", "recv_bye", "16");
                return null;
            }
            case Callee.Utterance.Speech s -> {
                Control c = ch.waitOn(Math.min(prompt, sim.scaled(400)));
                if (c != null && !(c instanceof Control.Break)) { // a break stops the prompt, detection goes on
                    ch.act(c);
                    return null;
                }
                ch.fire("DETECTED_SPEECH", headers("Speech-Type", "begin-speaking"), List.of(), "");
                playback(tts, "PLAYBACK_STOP", headers("Playback-Status", "break"));
                String result = speechJson(s.nbest());
                EslEvent detected = ch.event("DETECTED_SPEECH", headers("Speech-Type", "detected-speech"), List.of(), result);
                ch.publish(detected);
                if (callee.duplicateSpeech()) {
                    ch.publish(detected);
                }
                synchronized (ch.vars) {
                    ch.vars.put("detect_speech_result", result);
                }
                if (ch.echo) {
                    sim.echoed(s.nbest().get(0).text());
                }
            }
            case Callee.Utterance.Dtmf d -> {
                for (char digit : d.digits().toCharArray()) {
                    ch.fire("DTMF", headers("DTMF-Digit", String.valueOf(digit), "DTMF-Duration", "2000"), List.of(), "");
                }
                playback(tts, "PLAYBACK_STOP", headers("Playback-Status", "break"));
            }
            case Callee.Utterance.Silence sil -> {
                Control c = ch.waitOn(prompt + noInputMillis(app.arg()));
                playback(tts, "PLAYBACK_STOP", headers("Playback-Status", c instanceof Control.Break ? "break" : "done"));
                if (c instanceof Control.Break) {
                    c = ch.waitOn(noInputMillis(app.arg())); // the no-input timer still runs after a break
                }
                if (c != null) {
                    ch.act(c);
                    return null;
                }
                synchronized (ch.vars) {
                    ch.vars.remove("detect_speech_result");
                }
            }
        }
        return ch.up() ? "DONE" : null;
    }

    /** A loopback leg's far end echoes the prompt: its recogniser hears the synthesised text, or nothing. */
    private static Callee.Utterance echo(Speech tts, String arg) {
        return tts == Speech.PLAYS ? Callee.says(sayText(arg)) : new Callee.Utterance.Silence();
    }

    /**
     * The length of audio the prompt wrote, as FreeSWITCH leaves it in {@code playback_ms} / {@code playback_samples}
     * (captured after play_and_detect_speech: 1000 ms of tone = 8000 samples at 8 kHz); a muted engine writes none.
     */
    private void played(Speech tts, String arg) {
        long ms = tts == Speech.PLAYS ? promptMillis(arg) : 0;
        synchronized (ch.vars) {
            ch.vars.put("playback_ms", Long.toString(ms));
            ch.vars.put("playback_samples", Long.toString(ms * 8));
        }
    }

    private static String sayText(String arg) {
        int at = arg.indexOf("say:");
        if (at < 0) {
            return "";
        }
        int detect = arg.indexOf(" detect:", at);
        return arg.substring(at + 4, detect < 0 ? arg.length() : detect);
    }

    /** Notes the text of a {@code say:} prompt that plays ({@code say:<text>}, before a {@code detect:} part). */
    private void heard(String arg) {
        if (arg.contains("say:")) {
            sim.spoke(ch.uuid, sayText(arg));
        }
    }

    /** A silent prompt (no tts_engine on the channel) plays nothing, so FreeSWITCH fires no playback events. */
    private void playback(Speech tts, String name, List<Map.Entry<String, String>> headers) {
        if (tts == Speech.PLAYS || tts == Speech.MUTED) {
            ch.fire(name, headers, List.of(), "");
        }
    }

    private static long promptMillis(String arg) {
        int sayAt = arg.indexOf("say:");
        String text = sayAt >= 0 ? arg.substring(sayAt) : arg;
        return 600 + 120L * Math.min(text.length(), 200);
    }

    private static long noInputMillis(String arg) {
        Matcher m = NO_INPUT.matcher(arg);
        return m.find() ? Long.parseLong(m.group(1)) : 5000;
    }

    /** N-best in the Vosk "alternatives" shape; one hypothesis in mod_test's shape (confidence 0–100). */
    static String speechJson(List<Hypothesis> nbest) {
        if (nbest.size() == 1) {
            return String.format(Locale.ROOT, "{\"grammar\": \"default\", \"text\": \"%s\", \"confidence\": %f}",
                    json(nbest.get(0).text()), nbest.get(0).confidence() * 100);
        }
        StringBuilder sb = new StringBuilder("{\"alternatives\": [");
        for (int i = 0; i < nbest.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"confidence\": %.4f, \"text\": \"%s\"}",
                    nbest.get(i).confidence(), json(nbest.get(i).text())));
        }
        return sb.append("]}").toString();
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
