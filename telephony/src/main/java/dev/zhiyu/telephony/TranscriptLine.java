package dev.zhiyu.telephony;

import java.util.Optional;

/**
 * One line of a call's transcript: who spoke, and what. Stored and shown as {@code "机器人: 您好"}; this record is
 * the one place that format is written and read.
 */
public record TranscriptLine(Speaker speaker, String text) {

    public enum Speaker {
        ROBOT("机器人"), CALLER("客户"), SYSTEM("系统");

        private final String prefix;

        Speaker(String label) {
            this.prefix = label + ": ";
        }
    }

    public static TranscriptLine robot(String text) {
        return new TranscriptLine(Speaker.ROBOT, text);
    }

    public static TranscriptLine caller(String text) {
        return new TranscriptLine(Speaker.CALLER, text);
    }

    public static TranscriptLine system(String text) {
        return new TranscriptLine(Speaker.SYSTEM, text);
    }

    /** The stored form, e.g. {@code 机器人: 您好}. */
    public String format() {
        return speaker.prefix + text;
    }

    /** A stored line; empty when it names no speaker. */
    public static Optional<TranscriptLine> parse(String line) {
        for (Speaker s : Speaker.values()) {
            if (line.startsWith(s.prefix)) {
                return Optional.of(new TranscriptLine(s, line.substring(s.prefix.length())));
            }
        }
        return Optional.empty();
    }
}
