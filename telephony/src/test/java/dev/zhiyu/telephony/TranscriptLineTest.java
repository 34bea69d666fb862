package dev.zhiyu.telephony;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stored transcript format round-trips; lines without a speaker are not guessed at. */
class TranscriptLineTest {

    @Test
    void eachSpeakerRoundTrips() {
        assertEquals("机器人: 您好，我是智能语音助手", TranscriptLine.robot("您好，我是智能语音助手").format());
        assertEquals("客户: （无应答）", TranscriptLine.caller("（无应答）").format());
        for (TranscriptLine l : new TranscriptLine[] {TranscriptLine.robot("好的: 稍等"), TranscriptLine.caller(""),
                TranscriptLine.system("主管接管通话，转接 queue:sales")}) {
            assertEquals(Optional.of(l), TranscriptLine.parse(l.format()));
        }
    }

    @Test
    void aLineWithoutASpeakerIsNotParsed() {
        assertEquals(Optional.empty(), TranscriptLine.parse("机器人：全角冒号"));
        assertEquals(Optional.empty(), TranscriptLine.parse("您好"));
    }
}
