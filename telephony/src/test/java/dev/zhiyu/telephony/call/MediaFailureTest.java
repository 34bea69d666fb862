package dev.zhiyu.telephony.call;

import dev.zhiyu.telephony.Fixtures;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Media failures read from CHANNEL_EXECUTE_COMPLETE frames captured from FreeSWITCH 1.10.12, and their failing shapes. */
class MediaFailureTest {

    private static EslEvent captured(String name) {
        return EventParser.parse(new FrameDecoder().feed(Fixtures.read("events/plain/" + name)).get(0));
    }

    /** The captured event with {@code header} set to {@code value} (null: removed) wherever it occurs. */
    private static EslEvent with(EslEvent e, String header, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>();
        boolean seen = false;
        for (Map.Entry<String, String> kv : e.headers()) {
            if (kv.getKey().equals(header)) {
                seen = true;
                if (value != null) {
                    h.add(Map.entry(header, value));
                }
            } else {
                h.add(kv);
            }
        }
        if (!seen && value != null) {
            h.add(Map.entry(header, value));
        }
        return new EslEvent(e.format(), h, e.body());
    }

    @Test
    void capturedSuccessfulPlaybackAndRecognitionAreNotFailures() {
        assertNull(MediaFailure.of(captured("CHANNEL_EXECUTE_COMPLETE__playback.frame")));
        assertNull(MediaFailure.of(captured("CHANNEL_EXECUTE_COMPLETE__play_and_detect_speech.frame")));
    }

    @Test
    void failingResponsesOfPlaybackAndRecognitionAreFailures() {
        EslEvent playback = captured("CHANNEL_EXECUTE_COMPLETE__playback.frame");
        String why = MediaFailure.of(with(playback, "Application-Response", "PLAYBACK ERROR"));
        assertNotNull(why);
        assertTrue(why.contains("playback") && why.contains("PLAYBACK ERROR"), why);
        assertNotNull(MediaFailure.of(with(playback, "Application-Response", "FILE NOT FOUND")));
        EslEvent detect = captured("CHANNEL_EXECUTE_COMPLETE__play_and_detect_speech.frame");
        for (String response : List.of("ASR INIT ERROR", "GRAMMAR ERROR", "ERROR", "USAGE ERROR", "-ERR no reply")) {
            assertNotNull(MediaFailure.of(with(detect, "Application-Response", response)), response);
        }
    }

    @Test
    void aSpokenPromptOnAChannelWithoutTtsEngineIsAFailureThoughFreeSwitchSaysPlayed() {
        // the real switch logs "Invalid Args", plays nothing and still answers FILE PLAYED
        EslEvent say = with(captured("CHANNEL_EXECUTE_COMPLETE__playback.frame"), "Application-Data", "say:您好");
        String why = MediaFailure.of(say);
        assertNotNull(why);
        assertTrue(why.contains("tts_engine"), why);
        assertNull(MediaFailure.of(with(say, "variable_tts_engine", "unimrcp")));
    }
}
