package dev.zhiyu.telephony.esl;

import dev.zhiyu.telephony.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every captured frame and every transcript byte goes through the codec. */
class FixtureFramesTest {

    @Test
    void everyCapturedFrameDecodesToExactlyOneFrameAndRoundTrips() throws Exception {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("events", "replies", "notices")) {
            all.addAll(Fixtures.files(dir, ".frame"));
        }
        List<Path> commands = Fixtures.files("commands", ".frame");
        assertEquals(210, all.size() + commands.size(), "README promises 210 captured frames");
        for (Path p : all) {
            byte[] bytes = Files.readAllBytes(p);
            List<EslFrame> frames = new FrameDecoder().feed(bytes);
            assertEquals(1, frames.size(), p.toString());
            assertArrayEquals(bytes, frames.get(0).toBytes(), "frame re-serialises byte for byte: " + p);
        }
        for (Path p : commands) {
            byte[] bytes = Files.readAllBytes(p);
            List<EslFrame> frames = new FrameDecoder(true).feed(bytes);
            assertEquals(1, frames.size(), p.toString());
            assertFalse(frames.get(0).header(FrameDecoder.COMMAND).isBlank(), p.toString());
        }
    }

    @Test
    void everyEventFrameParsesAndReEncodesByteForByte() throws Exception {
        int n = 0;
        for (Path p : Fixtures.files("events", ".frame")) {
            byte[] bytes = Files.readAllBytes(p);
            EslFrame frame = new FrameDecoder().feed(bytes).get(0);
            EslEvent event = EventParser.parse(frame);
            String file = p.getFileName().toString();
            String expectedName = file.substring(0, file.indexOf("__") > 0 ? file.indexOf("__") : file.indexOf('.'));
            if (!event.isQueuedSendevent()) {
                assertEquals(expectedName, event.name(), file);
            }
            assertNotNull(event.get("Core-UUID"), file);
            EslFrame again = EventEncoder.frame(event, event.format());
            assertArrayEquals(bytes, again.toBytes(), "simulator encoding must equal FreeSWITCH's: " + p);
            n++;
        }
        assertTrue(n >= 140, "expected all event fixtures, got " + n);
    }

    @Test
    void bodiesAndEncodedValuesComeOutDecoded() {
        EslEvent job = parse("events/plain/BACKGROUND_JOB__OK.frame");
        assertEquals("+OK 9cb6a836-0e5b-456f-8e60-503761926f95\n", job.body());
        assertTrue(job.get("Job-Command-Arg").startsWith("{origination_uuid=9cb6a836"), job.get("Job-Command-Arg"));
        assertEquals("fd00::2", job.get("FreeSWITCH-IPv6"));

        EslEvent xmlJob = parse("events/xml/BACKGROUND_JOB__other.frame");
        assertEquals("-ERR INVALID_GATEWAY\n", xmlJob.body());

        for (String fmt : List.of("plain", "json")) {
            EslEvent speech = parse("events/" + fmt + "/DETECTED_SPEECH__detected-speech.frame");
            assertTrue(speech.body().contains("我要转人工"), fmt + ": " + speech.body());
            assertEquals("detected-speech", speech.get("Speech-Type"));
        }
        EslEvent set = parse("events/plain/CHANNEL_EXECUTE_COMPLETE__set.frame");
        assertTrue(set.variable("robot_prompt_text").startsWith("您好，这里是某某证券客服中心"));

        EslEvent queued = parse("events/plain/CUSTOM__robot_intent.frame");
        assertEquals("hello world", queued.body());
    }

    @Test
    void everyTranscriptDecodesCompletelyWhateverTheChunking() {
        Random random = new Random(42);
        int frames = 0;
        for (Path t : Fixtures.files("raw", ".transcript")) {
            ByteArrayOutputStream recv = new ByteArrayOutputStream();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (Fixtures.Chunk c : Fixtures.transcript(t)) {
                (c.recv() ? recv : sent).writeBytes(c.bytes());
            }
            byte[] in = recv.toByteArray();
            List<EslFrame> whole = new FrameDecoder().feed(in);
            FrameDecoder dribble = new FrameDecoder();
            List<EslFrame> pieces = new ArrayList<>();
            for (int off = 0; off < in.length; ) {
                int len = Math.min(in.length - off, 1 + random.nextInt(700));
                dribble.feed(in, off, len, pieces::add);
                off += len;
            }
            assertEquals(0, dribble.buffered(), t + " leaves bytes undecoded");
            assertEquals(whole.size(), pieces.size(), t.toString());
            for (EslFrame f : whole) {
                if (f.isEvent()) {
                    assertNotNull(EventParser.parse(f).headers(), t.toString());
                }
            }
            List<EslFrame> cmds = new FrameDecoder(true).feed(sent.toByteArray());
            assertFalse(cmds.isEmpty(), t.toString());
            frames += whole.size();
        }
        assertTrue(frames > 400, "frames decoded from transcripts: " + frames);
    }

    @Test
    void contentLengthCountsBytesNotChars() {
        String body = "Event-Name: DETECTED_SPEECH\nContent-Length: 15\n\n我要转人工";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String wire = "Content-Length: " + bytes.length + "\nContent-Type: text/event-plain\n\n";
        byte[] all = concat(wire.getBytes(StandardCharsets.UTF_8), bytes);
        EslEvent e = EventParser.parse(new FrameDecoder().feed(all).get(0));
        assertEquals("我要转人工", e.body());
    }

    static EslEvent parse(String fixture) {
        return EventParser.parse(new FrameDecoder().feed(Fixtures.read(fixture)).get(0));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
