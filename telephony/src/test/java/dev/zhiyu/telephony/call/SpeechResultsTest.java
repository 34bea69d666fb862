package dev.zhiyu.telephony.call;

import dev.zhiyu.dialog.UserInput.Hypothesis;
import dev.zhiyu.telephony.Fixtures;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeechResultsTest {

    @Test
    void modTestJsonFromTheCaptureScalesConfidence() {
        for (String fmt : List.of("plain", "json")) {
            EslEvent e = EventParser.parse(new FrameDecoder()
                    .feed(Fixtures.read("events/" + fmt + "/DETECTED_SPEECH__detected-speech.frame")).get(0));
            List<Hypothesis> nbest = SpeechResults.parse(e.body());
            assertEquals(List.of(new Hypothesis("我要转人工", 0.885)), nbest, fmt);
        }
    }

    @Test
    void funasrAndVoskStyles() {
        assertEquals(List.of(new Hypothesis("我不需要了", 1.0)),
                SpeechResults.parse("{\"mode\":\"2pass-offline\",\"text\":\"我不需要了\",\"wav_name\":\"asr\",\"is_final\":true}"));
        assertEquals(List.of(new Hypothesis("我要转人工", 0.9), new Hypothesis("我要赚人工", 0.4)),
                SpeechResults.parse("{\"alternatives\":[{\"confidence\":0.4,\"text\":\"我 要 赚 人工\"},"
                        + "{\"confidence\":0.9,\"text\":\"我 要 转 人工\"}]}"));
        List<Hypothesis> words = SpeechResults.parse(
                "{\"result\":[{\"conf\":1.0,\"word\":\"好的\"},{\"conf\":0.8,\"word\":\"谢谢\"}],\"text\":\"好的 谢谢\"}");
        assertEquals("好的谢谢", words.get(0).text());
        assertEquals(0.9, words.get(0).confidence(), 1e-9);
    }

    @Test
    void nlsmlNbest() {
        String nlsml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <result xmlns="http://www.ietf.org/xml/ns/mrcpv2" grammar="session:request1@form-level.store">
                  <interpretation grammar="g" confidence="0.62"><instance>办理</instance><input mode="speech">我想办理</input></interpretation>
                  <interpretation grammar="g" confidence="87"><instance>转人工</instance><input mode="speech">转人工</input></interpretation>
                </result>""";
        assertEquals(List.of(new Hypothesis("转人工", 0.87), new Hypothesis("我想办理", 0.62)), SpeechResults.parse(nlsml));
    }

    @Test
    void emptyAndDuplicates() {
        assertTrue(SpeechResults.parse("").isEmpty());
        EventDeduper d = new EventDeduper(100);
        EslEvent e = EventParser.parse(new FrameDecoder()
                .feed(Fixtures.read("events/plain/DETECTED_SPEECH__detected-speech.frame")).get(0));
        assertTrue(d.first(e));
        assertFalse(d.first(e), "same Core-UUID + Event-Sequence is a duplicate");
    }
}
