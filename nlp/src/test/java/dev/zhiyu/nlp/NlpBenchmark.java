package dev.zhiyu.nlp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Per-utterance latency (p50/p99, single thread, after warm-up) on this machine. Not a test: run with
 * {@code mvn -B -q -pl nlp test-compile exec:java -Dexec.mainClass=dev.zhiyu.nlp.NlpBenchmark [-Dexec.args="10000"]}
 * (the argument is the FAQ size). Utterances are made unique so the encoder cache never answers.
 */
public final class NlpBenchmark {
    static final int WARMUP = 300, RUNS = 2_000;

    public static void main(String[] args) throws Exception {
        int faqSize = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<String> base = IntentDataset.read("builtin:generic-heldout").stream().map(LabeledText::text).toList();
        List<String> twenty = utterances(base, WARMUP + RUNS, 20, 0);
        System.out.printf(Locale.ROOT, "CPU cores: %d, Java %s; %d runs after %d warm-up, 20-character utterances%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), RUNS, WARMUP);

        Analyzer analysis = Analyzer.create(TenantDictionary.withFinanceTerms());
        report("analysis only (segment+POS+NER+rule entities)", i -> analysis.analyze(twenty.get(i)));

        IntentCascade rulesOnly = new IntentCascade(IntentRules.builtinGeneric(), null);
        List<String> ruleHits = new ArrayList<>();
        for (int i = 0; i < WARMUP + RUNS; i++) ruleHits.add("嗯那个" + i + "你们是不是骗子啊我要转人工");
        report("rules hit (rules-only cascade)", i -> check(!rulesOnly.classify(ruleHits.get(i), 3).isEmpty()));

        IntentModel maxent = IntentModel.load("builtin:generic-maxent");
        report("maxent classifier", i -> maxent.classify(twenty.get(i), 3));

        IntentModel neural = IntentModel.load("builtin:generic");
        neural.classify("预热", 1);
        List<String> fresh = utterances(base, WARMUP + RUNS, 20, 7);
        report("BGE encoder + neural classifier (uncached)", i -> neural.classify(fresh.get(i), 3));
        IntentCascade cascade = IntentCascade.builtinGeneric();
        List<String> fresh2 = utterances(base, WARMUP + RUNS, 20, 13);
        report("full cascade (rules → neural), uncached", i -> cascade.classify(fresh2.get(i), 3));

        SentenceEncoder encoder = SentenceEncoder.bgeSmallZh();
        Path dir = Files.createTempDirectory("zhiyu-faq-bench");
        try (FaqIndex faq = FaqIndex.open(dir, encoder)) {
            List<FaqPair> pairs = syntheticFaq(faqSize);
            long t0 = System.nanoTime();
            faq.rebuild(pairs);
            System.out.printf(Locale.ROOT, "FAQ index of %d pairs built in %.1f s (encoding included)%n", faq.size(), (System.nanoTime() - t0) / 1e9);
            List<String> queries = new ArrayList<>();
            for (int i = 0; i < WARMUP + RUNS; i++) queries.add(pairs.get((i * 7919) % pairs.size()).question().replace("请问", "我想问下") + "呢" + i);
            report("FAQ query, " + faqSize + " pairs (query encoding included, uncached)", i -> search(faq, queries.get(i)));
            report("FAQ query, " + faqSize + " pairs (query vector cached: BM25+HNSW+fusion only)", i -> search(faq, queries.get(i)));
        }
        System.exit(0);
    }

    static void check(boolean ok) { if (!ok) throw new IllegalStateException("rule did not fire"); }

    static void search(FaqIndex faq, String q) {
        try {
            faq.search(q, 5);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    /** Wall-clock latency, plus the calling thread's CPU time (less sensitive to other load; excludes ORT's pool threads). */
    static void report(String name, IntConsumer op) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < WARMUP; i++) op.accept(i);
        long[] ns = new long[RUNS], cpu = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long c = mx.getCurrentThreadCpuTime(), t = System.nanoTime();
            op.accept(WARMUP + i);
            ns[i] = System.nanoTime() - t;
            cpu[i] = mx.getCurrentThreadCpuTime() - c;
        }
        Arrays.sort(ns);
        Arrays.sort(cpu);
        System.out.printf(Locale.ROOT, "%-78s p50 %7.3f ms  p99 %7.3f ms  max %7.3f ms | caller CPU p50 %6.3f ms  (load %s)%n", name,
                ns[RUNS / 2] / 1e6, ns[RUNS * 99 / 100] / 1e6, ns[RUNS - 1] / 1e6, cpu[RUNS / 2] / 1e6, load());
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Distinct utterances of exactly {@code len} characters, glued from held-out texts. */
    static List<String> utterances(List<String> base, int count, int len, int salt) {
        java.util.Random r = new java.util.Random(salt);
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        while (out.size() < count) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < len) sb.append(base.get(r.nextInt(base.size())));
            out.add(sb.substring(0, len));
        }
        return new ArrayList<>(out);
    }

    static List<FaqPair> syntheticFaq(int n) {
        String[] topics = {"开户", "销户", "佣金", "两融", "科创板", "创业板", "港股通", "新股申购", "银证转账", "风险测评", "视频见证", "密码重置",
                "手机号变更", "三方存管", "国债逆回购", "基金定投", "期权开户", "北交所", "分红到账", "融券卖出"};
        String[] asks = {"怎么办理", "需要什么材料", "有什么条件", "收费标准是什么", "多久能完成", "在哪里操作", "失败了怎么办", "有什么风险",
                "可以线上办吗", "周末能办吗", "要本人去吗", "能撤销吗", "额度是多少", "几点开始", "为什么被拒绝", "要多少资产"};
        String[] who = {"", "老年人", "学生", "外籍人士", "机构客户", "新客户", "老客户", "港澳居民", "企业法人", "残障人士"};
        String[] channel = {"", "在APP上", "在营业部", "在网上", "通过电话", "在微信里", "在电脑上", "在柜台"};
        List<FaqPair> pairs = new ArrayList<>(n);
        for (int i = 0; pairs.size() < n; i++) {
            String q = "请问" + who[i % who.length] + channel[(i / who.length) % channel.length] + topics[(i / 80) % topics.length]
                    + asks[(i / 1600) % asks.length + 0] + (i >= 25_600 ? "（" + i + "）" : "");
            pairs.add(new FaqPair("q" + i, q, "答案" + i));
        }
        return pairs;
    }
}
