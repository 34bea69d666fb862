package dev.zhiyu.reports;

import dev.zhiyu.nlp.SentenceEncoder;
import dev.zhiyu.reports.explain.BgeMatcher;
import dev.zhiyu.reports.explain.ExplanationMatcher;
import dev.zhiyu.reports.explain.MatchPair;
import dev.zhiyu.reports.explain.MatcherEvaluation;
import dev.zhiyu.reports.explain.PairHarvester;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Matcher training and held-out evaluation, leave-one-document-out over the reports in a directory: the BGE head is
 * trained on the pairs harvested from the other documents and tested on the held-out one; the keyword baseline is
 * scored on the same held-out pairs. Run from reports/:
 * mvn -B -q exec:java -Dexec.mainClass=dev.zhiyu.reports.MatcherEvalMain -Dexec.args="--pdfs ../../shared/data/reports/pdfs"
 */
public final class MatcherEvalMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(EvalMain.arg(args, "--pdfs", "../../shared/data/reports/pdfs"));
        ReportParser parser = new ReportParser(Limits.defaults(), false);
        Map<String, List<MatchPair>> byDoc = new TreeMap<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pdf")).sorted().toList())
                byDoc.put(p.getFileName().toString(), PairHarvester.harvest(parser.parse(p)));
        }
        byDoc.forEach((d, ps) -> System.out.printf("%-50s 正例 %d 负例 %d%n", d,
                ps.stream().filter(MatchPair::explains).count(), ps.stream().filter(x -> !x.explains()).count()));
        SentenceEncoder enc = SentenceEncoder.bgeSmallZh();
        MatcherEvaluation bge = new MatcherEvaluation("bge-small-zh+logreg", 0, 0, 0, 0);
        MatcherEvaluation kw = new MatcherEvaluation("keyword", 0, 0, 0, 0);
        for (String held : byDoc.keySet()) {
            List<MatchPair> test = byDoc.get(held);
            if (test.isEmpty()) continue;
            List<MatchPair> train = new ArrayList<>();
            byDoc.forEach((d, ps) -> { if (!d.equals(held)) train.addAll(ps); });
            BgeMatcher m = BgeMatcher.train(enc, train, 30, 7);
            MatcherEvaluation b = MatcherEvaluation.of(m, test), k = MatcherEvaluation.of(ExplanationMatcher.keywords(), test);
            System.out.println("留出 " + held + "\n  " + b + "\n  " + k);
            bge = bge.plus(b);
            kw = kw.plus(k);
        }
        System.out.println("合计（留一文档）\n  " + bge + "\n  " + kw);
        enc.close();
    }
}
