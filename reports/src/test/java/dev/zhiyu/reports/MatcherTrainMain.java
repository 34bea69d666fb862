package dev.zhiyu.reports;

import dev.zhiyu.nlp.SentenceEncoder;
import dev.zhiyu.reports.explain.BgeMatcher;
import dev.zhiyu.reports.explain.MatchPair;
import dev.zhiyu.reports.explain.MatcherEvaluation;
import dev.zhiyu.reports.explain.PairHarvester;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains the BGE matcher head on the pairs harvested from every report in a directory and writes it where the jar
 * ships it from. Run from reports/:
 * mvn -B -q exec:java -Dexec.mainClass=dev.zhiyu.reports.MatcherTrainMain -Dexec.args="--pdfs ../../shared/data/reports/pdfs --out src/main/resources/dev/zhiyu/reports/explain/bge-head.txt"
 */
public final class MatcherTrainMain {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(EvalMain.arg(args, "--pdfs", "../../shared/data/reports/pdfs"));
        Path out = Path.of(EvalMain.arg(args, "--out", "src/main/resources/dev/zhiyu/reports/explain/bge-head.txt"));
        ReportParser parser = new ReportParser(Limits.defaults(), false);
        List<MatchPair> pairs = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".pdf")).sorted().toList()) pairs.addAll(PairHarvester.harvest(parser.parse(p)));
        }
        try (SentenceEncoder enc = SentenceEncoder.bgeSmallZh()) {
            BgeMatcher m = BgeMatcher.train(enc, pairs, 30, 7);
            Files.createDirectories(out.getParent());
            Files.writeString(out, m.headText());
            System.out.println("训练对 " + pairs.size() + "（正例 " + pairs.stream().filter(MatchPair::explains).count() + "），已写入 " + out);
            System.out.println("训练集上（非留出）：" + MatcherEvaluation.of(m, pairs));
        }
    }
}
