package dev.zhiyu.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The captured FreeSWITCH traffic in ../shared/data/esl (never copied into the project). */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path esl() {
        for (Path p : List.of(Path.of("../../shared/data/esl"), Path.of("../shared/data/esl"))) {
            if (Files.isDirectory(p.resolve("raw"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("ESL fixtures missing: expected ../../shared/data/esl beside the checkout"
                + " (cwd " + Path.of("").toAbsolutePath() + "); these tests need the captured FreeSWITCH traffic");
    }

    public static byte[] read(String relative) {
        try {
            return Files.readAllBytes(esl().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String relative) {
        return new String(read(relative), StandardCharsets.UTF_8);
    }

    public static List<Path> files(String dir, String suffix) {
        try (Stream<Path> s = Files.walk(esl().resolve(dir))) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One record of a raw transcript: direction, time, exact bytes. */
    public record Chunk(boolean recv, double t, byte[] bytes) {
    }

    private static final Pattern RECORD = Pattern.compile("\n##### (RECV|SEND) t=([0-9.]+) len=(\\d+)\n");

    public static List<Chunk> transcript(Path file) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // ISO-8859-1 keeps one char per byte so regex offsets are byte offsets
        String latin = new String(data, StandardCharsets.ISO_8859_1);
        Matcher m = RECORD.matcher(latin);
        List<Chunk> chunks = new ArrayList<>();
        int pos = 0;
        while (m.find(pos)) {
            int len = Integer.parseInt(m.group(3));
            byte[] bytes = java.util.Arrays.copyOfRange(data, m.end(), m.end() + len);
            chunks.add(new Chunk(m.group(1).equals("RECV"), Double.parseDouble(m.group(2)), bytes));
            pos = m.end() + len;
        }
        return chunks;
    }
}
