package dev.zhiyu.reports.explain;

import dev.zhiyu.reports.Limits;
import dev.zhiyu.reports.ReportParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The dev set a reasons-matcher version is also measured on: pairs of what its threshold decides on, labelled by the
 * layout ({@link PairHarvester#ranked}), from the sample report PDFs in a configured folder, parsed once. Empty without a folder, when it does not exist or when a report
 * cannot be read (then {@code unreadable} is told why); a version then carries no {@code dev.*} metrics.
 */
public final class DevPairs {
    private final Path dir;
    private final Consumer<Exception> unreadable;
    private volatile List<MatchPair> pairs;

    /** @param dir the folder of sample PDFs; null: no dev set */
    public DevPairs(Path dir, Consumer<Exception> unreadable) {
        this.dir = dir;
        this.unreadable = unreadable;
    }

    public List<MatchPair> pairs() {
        List<MatchPair> p = pairs;
        if (p == null) {
            p = harvest();
            pairs = p;
        }
        return p;
    }

    private List<MatchPair> harvest() {
        if (dir == null || !Files.isDirectory(dir)) return List.of();
        var parser = new ReportParser(Limits.defaults(), false);
        List<MatchPair> out = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".pdf")).sorted().toList())
                out.addAll(PairHarvester.ranked(parser.parse(f)));
        } catch (IOException | RuntimeException e) {
            unreadable.accept(e);
            return List.of();
        }
        return List.copyOf(out);
    }
}
