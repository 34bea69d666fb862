package dev.zhiyu.reports;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Parses each sample report once per test JVM (parsing is the slow part). */
final class SampleReports {
    private static final Map<Path, ParsedReport> CACHE = new ConcurrentHashMap<>();
    private static final ReportParser PARSER = new ReportParser();

    private SampleReports() {
    }

    static ParsedReport parse(Path pdf) {
        return CACHE.computeIfAbsent(pdf, PARSER::parse);
    }

    static ParsedReport byPrefix(String prefix) {
        try {
            return parse(SharedData.pdf(prefix));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
