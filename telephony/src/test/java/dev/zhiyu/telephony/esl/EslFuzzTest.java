package dev.zhiyu.telephony.esl;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.zhiyu.telephony.Fixtures;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * What FreeSWITCH (or anyone reaching the ESL port) sends goes through {@link FrameDecoder} and {@link EventParser}:
 * either frames and events come out, or an {@link EslProtocolException} with a message, nothing else. The first
 * input byte's low bits pick what the rest is: 0 what FreeSWITCH sends, 1 what a client sends (both fed in TCP chunks
 * of the size its high bits give), 3 an event body alone (its format in the high bits), so the event parsers are
 * reached without a matching Content-Length.
 */
class EslFuzzTest {

    @MethodSource("seeds")
    @FuzzTest
    void framesAndEvents(byte[] input) {
        if (input.length < 2) {
            return;
        }
        int mode = input[0] & 3;
        try {
            if (mode == 3) {
                byte[] body = Arrays.copyOfRange(input, 1, input.length);
                EventFormat format = EventFormat.values()[((input[0] & 0xff) >> 2) % EventFormat.values().length];
                check(EventParser.parse(new EslFrame(List.of(Map.entry("Content-Type", format.contentType())), body)));
                return;
            }
            FrameDecoder decoder = new FrameDecoder(mode == 1);
            int chunk = ((input[0] & 0xff) >> 2) + 1;
            for (int off = 1; off < input.length; off += chunk) {
                decoder.feed(input, off, Math.min(chunk, input.length - off), frame -> {
                    if (frame.isEvent()) {
                        check(EventParser.parse(frame));
                    }
                });
            }
        } catch (EslProtocolException e) {
            assertFalse(e.getMessage().isBlank());
        }
    }

    private static void check(EslEvent event) {
        event.name();
        event.dedupeKey();
        event.asMap();
    }

    /** The smallest captured frames of each kind behind their first byte, and the event bodies alone. */
    static Stream<byte[]> seeds() {
        Stream<byte[]> frames = Stream.of("events/plain", "events/json", "events/xml", "replies", "notices", "commands")
                .flatMap(dir -> Fixtures.files(dir, ".frame").stream()
                        .sorted(Comparator.comparingLong(EslFuzzTest::size)).limit(3)
                        .map(p -> prefixed(dir.equals("commands") ? 0xfd : 0xfc, read(p))));
        Stream<byte[]> bodies = Stream.of(EventFormat.values()).map(f -> {
            Path smallest = Fixtures.files("events/" + f.keyword(), ".frame").stream()
                    .min(Comparator.comparingLong(EslFuzzTest::size)).orElseThrow();
            return prefixed(3 | f.ordinal() << 2, new FrameDecoder().feed(read(smallest)).get(0).body());
        });
        return Stream.concat(frames, bodies);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] prefixed(int first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }
}
