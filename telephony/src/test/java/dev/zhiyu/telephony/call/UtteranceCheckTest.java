package dev.zhiyu.telephony.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.telephony.Fixtures;
import dev.zhiyu.telephony.MediaEngines;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The test utterance's verdict, read from the CHANNEL_EXECUTE_COMPLETE of play_and_detect_speech as a real
 * FreeSWITCH 1.10.12 sent it (mod_test recognising 我要转人工 after 1000 ms = 8000 samples of audio), and from that
 * frame with the one header a failure changes.
 */
class UtteranceCheckTest {
    private static final MediaEngines ENGINES = new MediaEngines("unimrcp", "zhiyu.telephony.asr", "flite",
            "zhiyu.telephony.tts");

    private static EslEvent captured() {
        return EventParser.parse(new FrameDecoder().feed(
                Fixtures.read("events/plain/CHANNEL_EXECUTE_COMPLETE__play_and_detect_speech.frame")).get(0));
    }

    /** The captured event with {@code header} set to {@code value} (removed when null). */
    private static EslEvent with(EslEvent e, String header, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        for (Map.Entry<String, String> kv : e.headers()) {
            if (!kv.getKey().equals(header)) {
                h.add(kv);
            } else if (value != null) {
                h.add(Map.entry(header, value));
            }
        }
        return new EslEvent(e.format(), h, e.body());
    }

    @Test
    void aRecognisedUtteranceOnTheRealSwitchsFramePasses() {
        EslEvent done = captured();
        assertEquals("DONE", done.get("Application-Response"));
        assertNull(UtteranceCheck.judge("fs1", ENGINES, done));
    }

    @Test
    void anAsrInitErrorNamesTheRecogniserAndItsSetting() {
        MediaPreflight.Problem p = UtteranceCheck.judge("fs1", ENGINES,
                with(with(captured(), "Application-Response", "ASR INIT ERROR"), "variable_detect_speech_result", null));
        assertEquals("unimrcp", p.engine());
        assertEquals("zhiyu.telephony.asr", p.setting());
        assertTrue(p.message().contains("fs1") && p.message().contains("ASR INIT ERROR"), p.message());
    }

    @Test
    void audioThatWasNotRecognisedIsTheRecognisersFaultSilenceTheSynthesisers() {
        EslEvent unheard = with(captured(), "variable_detect_speech_result", null);
        MediaPreflight.Problem asr = UtteranceCheck.judge("fs1", ENGINES, unheard);
        assertEquals("zhiyu.telephony.asr", asr.setting(), asr.message());
        assertTrue(asr.message().contains("ASR 引擎 unimrcp 没有识别出"), asr.message());

        MediaPreflight.Problem tts = UtteranceCheck.judge("fs1", ENGINES, with(unheard, "variable_playback_samples", "0"));
        assertEquals("flite", tts.engine());
        assertEquals("zhiyu.telephony.tts", tts.setting());
        assertTrue(tts.message().contains("fs1") && tts.message().contains("没有声音"), tts.message());
    }
}
