package dev.zhiyu.telephony.esl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zhiyu.telephony.Fixtures;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What FreeSWITCH (or anyone reaching the ESL port) sends goes through {@link FrameDecoder} and {@link EventParser}:
 * either frames and events come out, or an {@link EslProtocolException} with a message, nothing else.
 * The first input byte picks the direction (bit 0: client commands) and the TCP chunk size (the other bits).
 */
class EslFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void framesAndEvents(byte[] input) {
        if (input.length < 2) {
            return;
        }
        FrameDecoder decoder = new FrameDecoder((input[0] & 1) == 1);
        int chunk = ((input[0] & 0xff) >> 1) + 1;
        try {
            for (int off = 1; off < input.length; off += chunk) {
                decoder.feed(input, off, Math.min(chunk, input.length - off), frame -> {
                    if (frame.isEvent()) {
                        EslEvent event = EventParser.parse(frame);
                        event.name();
                        event.dedupeKey();
                        event.asMap();
                    }
                });
            }
        } catch (EslProtocolException e) {
            assertFalse(e.getMessage().isBlank());
        }
    }

    /** The smallest captured frames of each kind, behind a first byte for their direction. */
    static Stream<byte[]> seeds() {
        return Stream.of("events/plain", "events/json", "events/xml", "replies", "notices", "commands")
                .flatMap(dir -> Fixtures.files(dir, ".frame").stream()
                        .sorted(Comparator.comparingLong(EslFuzzTest::size)).limit(3)
                        .map(p -> prefixed(dir.equals("commands") ? 1 : 0, p)));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] prefixed(int first, Path p) {
        try {
            byte[] frame = Files.readAllBytes(p);
            byte[] out = new byte[frame.length + 1];
            out[0] = (byte) (first | 0xfe); // whole frames at once: the largest chunk
            System.arraycopy(frame, 0, out, 1, frame.length);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
