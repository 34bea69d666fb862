package dev.zhiyu.server.cli;

import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.StoredReport;
import dev.zhiyu.reports.generate.Corpus;
import dev.zhiyu.reports.generate.GeneratorEvaluation;
import dev.zhiyu.reports.generate.GeneratorModel;
import dev.zhiyu.reports.generate.GeneratorTrainer;
import dev.zhiyu.reports.generate.NewsGeneratorKind;
import dev.zhiyu.reports.indicators.IndicatorEvaluation;
import dev.zhiyu.reports.indicators.KeyIndicator;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.reports.ReportService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "reports", mixinStandardHelpOptions = true, description = "定期报告：解析、指标、异动、快讯。",
        subcommands = {ReportsCommand.Ingest.class, ReportsCommand.Show.class, ReportsCommand.News.class,
                ReportsCommand.Eval.class, ReportsCommand.Audit.class, ReportsCommand.Industries.class, ReportsCommand.GenTrain.class,
                ReportsCommand.GenEval.class, ReportsCommand.GenPromote.class, ReportsCommand.GenRollback.class})
final class ReportsCommand {
    @ParentCommand
    ZhiyuCommand root;

    /** Work on one tenant's reports with a service opened for this command and closed after it. */
    interface ServiceWork {
        Integer run(ReportService service, Tenant tenant) throws Exception;
    }

    Integer withService(String slug, boolean review, ServiceWork work) throws Exception {
        try (Platform p = root.openPlatform(); ReportService s = new ReportService(p, review, root.config().outbound())) {
            return work.run(s, p.tenants().get(slug));
        }
    }

    /** The tenant's approved review edits; null (after a one-line message) when the tenant does not exist. */
    List<Corpus.Pair> withApprovedPairs(String slug) throws Exception {
        try (Platform p = root.openPlatform(); ReportService s = new ReportService(p, false)) {
            var t = p.tenants().find(slug);
            if (t.isEmpty()) {
                System.err.println("错误：租户 " + slug + " 不存在");
                return null;
            }
            return s.approvedPairs(t.get());
        }
    }

    interface GeneratorWork {
        void run(ModelLifecycle models) throws Exception;
    }

    /** Work on one tenant's news-generator versions; refusals become a one-line Chinese error and exit 2. */
    Integer withGenerators(String slug, GeneratorWork work) throws Exception {
        try (Platform p = root.openPlatform();
             var models = new dev.zhiyu.server.models.ModelService(p, root.config().dataDir(), 1, () -> null,
                     java.time.Clock.systemUTC())) {
            var t = p.tenants().find(slug);
            if (t.isEmpty()) {
                System.err.println("错误：租户 " + slug + " 不存在");
                return 2;
            }
            work.run(models.of(t.get()));
            return 0;
        } catch (IllegalStateException | dev.zhiyu.models.ModelRequestException | dev.zhiyu.models.CorruptArtifactException | dev.zhiyu.models.UnknownIdException e) {
            System.err.println("错误：" + e.getMessage());
            return 2;
        }
    }

    @Command(name = "gen-promote", mixinStandardHelpOptions = true,
            description = "让租户的一个快讯生成模型版本上线（先校验文件）；运行中的服务处理下一篇报告时即采用。")
    static final class GenPromote implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Parameters(paramLabel = "VERSION", description = "gen-train --register 打印的版本 id")
        String version;

        @Override
        public Integer call() throws Exception {
            return parent.withGenerators(tenant, m -> System.out.println("已上线 "
                    + m.promote(NewsGeneratorKind.INSTANCE, version, "cli", false).id()));
        }
    }

    @Command(name = "gen-rollback", mixinStandardHelpOptions = true,
            description = "把租户的快讯生成模型回滚到上一个上线过的版本。")
    static final class GenRollback implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;

        @Override
        public Integer call() throws Exception {
            return parent.withGenerators(tenant, m -> System.out.println("已回滚到 "
                    + m.rollback(NewsGeneratorKind.PURPOSE, "cli").id()));
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true, description = "处理一份 PDF（同步），存入租户数据库并生成快讯。")
    static final class Ingest implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Option(names = "--review", description = "快讯进入审核，不直接发布")
        boolean review;
        @Parameters(paramLabel = "FILE", description = "定期报告 PDF")
        Path file;

        @Override
        public Integer call() throws Exception {
            return parent.withService(tenant, review, (s, t) -> {
                long t0 = System.nanoTime();
                var r = s.directIntake(t).ingestNow(Files.readAllBytes(file), file.getFileName().toString());
                StoredReport d = s.store(t).find(r.id()).orElseThrow();
                System.out.printf("文档 %d：%s%s（%.1f 秒）%n", d.id(), d.status(), r.created() ? "" : "（内容相同，已存在）",
                        (System.nanoTime() - t0) / 1e9);
                if (d.detail() != null) System.out.println(d.problem() + "：" + d.detail());
                return d.status() == dev.zhiyu.reports.DocumentStatus.DONE ? 0 : 1;
            });
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "显示文档状态、关键指标与异动。")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Parameters(paramLabel = "DOC", description = "文档编号")
        long id;
        @Option(names = "--depth", defaultValue = "2", description = "章节树显示到第几级标题（默认 ${DEFAULT-VALUE}）")
        int depth;

        private static int paragraphCount(ReportStore store, long id) {
            int n = 0;
            for (List<?> page; !(page = store.paragraphs(id, n, 1000)).isEmpty(); ) n += page.size();
            return n;
        }

        @Override
        public Integer call() throws Exception {
            return parent.withService(tenant, false, (s, t) -> {
                ReportStore store = s.store(t);
                StoredReport d = store.find(id).orElse(null);
                if (d == null) {
                    System.err.println("错误：没有编号为 " + id + " 的报告");
                    return 2;
                }
                System.out.println(d.id() + " " + d.fileName() + " " + d.status() + (d.info() == null ? "" : " " + d.info()));
                if (d.detail() != null) System.out.println(d.problem() + "：" + d.detail());
                for (KeyIndicator k : store.indicators(id))
                    System.out.printf("  %-40s 本期 %-22s 上期 %-22s 增减 %-12s [%s]%n", k.indicator().chinese(), k.current(),
                            k.prior(), k.change(), k.current() == null ? "" : k.current().source());
                store.anomalies(id).forEach(a -> System.out.println("  异动：" + a.statement()));
                for (var m : store.mainBusiness(id))
                    System.out.printf("  主营业务 %s %-20s 收入 %-20s 成本 %-20s 毛利率 %-10s 收入增减 %-10s 毛利率增减 %s%n",
                            m.dimension(), m.segment(), m.revenue(), m.cost(), m.margin(), m.revenueChange(), m.marginChange());
                var sections = store.sections(id);
                System.out.println("  章节（" + sections.size() + " 个标题，" + paragraphCount(store, id) + " 段正文）：");
                for (var sec : sections)
                    if (sec.level() <= depth)
                        System.out.println("  " + "  ".repeat(sec.level()) + sec.title() + " …… 第 " + sec.page() + " 页"
                                + (sec.inToc() ? "（目录页码 " + sec.tocPage() + "）" : ""));
                return 0;
            });
        }
    }

    @Command(name = "news", mixinStandardHelpOptions = true, description = "显示文档的快讯及核对结果。")
    static final class News implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Parameters(paramLabel = "DOC", description = "文档编号")
        long id;

        @Override
        public Integer call() throws Exception {
            return parent.withService(tenant, false, (s, t) -> {
                var n = s.store(t).news(id).orElse(null);
                if (n == null) {
                    System.err.println("错误：报告 " + id + " 没有快讯");
                    return 2;
                }
                System.out.println("[" + n.status() + "] " + n.headline() + "\n" + n.body());
                n.problems().forEach(x -> System.out.println("  核对问题：" + x));
                return 0;
            });
        }
    }

    @Command(name = "industries", mixinStandardHelpOptions = true,
            description = "行业映射：给出 CSV（股票代码,行业）时替换本租户的映射；随后列出各行业的股票代码。行业订阅按此映射投递。")
    static final class Industries implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Parameters(paramLabel = "CSV", arity = "0..1", description = "UTF-8 CSV，每行“股票代码,行业”，可有表头")
        Path file;

        @Override
        public Integer call() throws Exception {
            return parent.withService(tenant, false, (s, t) -> {
                var map = s.industries(t);
                if (file != null) {
                    java.util.Map<String, java.util.Set<String>> mapping;
                    try {
                        mapping = dev.zhiyu.server.reports.IndustryMap.parse(Files.readString(file));
                    } catch (dev.zhiyu.server.reports.IndustryMap.BadCsv e) {
                        System.err.println("错误：" + file.getFileName() + " " + e.getMessage());
                        return 2;
                    }
                    map.replace(mapping, "cli");
                    System.out.println("已替换行业映射：" + mapping.size() + " 个行业，"
                            + mapping.values().stream().mapToInt(java.util.Set::size).sum() + " 个代码");
                }
                map.all().forEach((industry, codes) -> System.out.println(industry + "\t" + String.join(",", codes)));
                return 0;
            });
        }
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "关键指标抽取与人工标注逐项比对：每份报告的一致数/标注数，以及本期、上期、增减自相矛盾（未通过自洽校验）的行数。"
                    + "可给多组 --pdfs/--truth；不给时评估检出目录旁的两个开发集（shared/data/reports 与 reports/corpus）。")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--pdfs", description = "PDF 目录（可重复，与 --truth 一一对应）")
        List<Path> pdfs = new java.util.ArrayList<>();
        @Option(names = "--truth", description = "标注文件（key_indicators.json 格式；可重复）")
        List<Path> truth = new java.util.ArrayList<>();

        @Override
        public Integer call() {
            if (pdfs.isEmpty() && truth.isEmpty()) {
                Path reports = defaultPdfs().getParent();
                for (Path dir : List.of(reports, reports.resolve("corpus"))) {
                    pdfs.add(dir.resolve("pdfs"));
                    truth.add(dir.resolve("key_indicators.json"));
                }
            }
            if (pdfs.size() != truth.size()) {
                System.err.println("错误：--pdfs 与 --truth 须成对给出（现有 " + pdfs.size() + " 个目录、" + truth.size() + " 个标注文件）");
                return 2;
            }
            ReportParser parser = new ReportParser();
            long exact = 0, total = 0, failing = 0;
            for (int i = 0; i < pdfs.size(); i++) {
                if (!Files.isDirectory(pdfs.get(i)) || !Files.isRegularFile(truth.get(i))) {
                    System.err.println("错误：找不到 " + pdfs.get(i) + " 或 " + truth.get(i) + "（请用 --pdfs 和 --truth 指明）");
                    return 2;
                }
                System.out.println("== " + pdfs.get(i));
                var result = IndicatorEvaluation.run(pdfs.get(i), truth.get(i), f -> parser.parse(f).indicators());
                System.out.print(result.summary());
                exact += result.exact();
                total += result.total();
                failing += result.rowCheckFailures();
            }
            if (pdfs.size() > 1) System.out.printf("总计 %d/%d 完全一致，自洽校验未通过 %d 行%n", exact, total, failing);
            return exact == total && failing == 0 ? 0 : 1;
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "按标注审计将发布的快讯：指标完全一致数、已发布快讯中的错误引用（目标 0）、转人工审核的报告及原因、解释准确率。")
    static final class Audit implements Callable<Integer> {
        @Parameters(index = "0", description = "PDF 目录")
        Path pdfs;
        @Option(names = "--truth", required = true, description = "标注文件（key_indicators.json 格式）")
        Path truth;
        @Option(names = "--keywords", description = "用关键词基线匹配解释（不加载 BGE 模型，更快）")
        boolean keywords;

        @Override
        public Integer call() {
            if (!Files.isDirectory(pdfs)) {
                System.err.println("错误：PDF 目录不存在：" + pdfs);
                return 2;
            }
            if (!Files.isRegularFile(truth)) {
                System.err.println("错误：标注文件不存在：" + truth);
                return 2;
            }
            var pipeline = new dev.zhiyu.reports.ReportPipeline(new ReportParser(),
                    new dev.zhiyu.reports.indicators.AnomalyDetector(dev.zhiyu.reports.indicators.Thresholds.defaults()),
                    keywords ? dev.zhiyu.reports.explain.ExplanationMatcher.keywords() : matcher(), false);
            var result = dev.zhiyu.reports.NewsAudit.run(pdfs, truth, pipeline);
            System.out.print(result.summary());
            return result.wrongPublishedClaims() == 0 ? 0 : 1;
        }

        private static dev.zhiyu.reports.explain.ExplanationMatcher matcher() {
            try {
                return dev.zhiyu.reports.explain.BgeMatcher.shipped(dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh());
            } catch (RuntimeException | LinkageError e) {
                System.err.println("BGE 匹配器不可用，改用关键词基线：" + e);
                return dev.zhiyu.reports.explain.ExplanationMatcher.keywords();
            }
        }
    }

    /** The sample PDFs beside the checkout, wherever the command is run from (repository root or a module). */
    static Path defaultPdfs() {
        for (String p : List.of("../shared/data/reports/pdfs", "../../shared/data/reports/pdfs", "shared/data/reports/pdfs"))
            if (Files.isDirectory(Path.of(p))) return Path.of(p);
        return Path.of("../shared/data/reports/pdfs");
    }

    /** The training PDFs, or a one-line error (null). */
    static List<Corpus.Base> bases(Path pdfs) throws java.io.IOException {
        if (!Files.isDirectory(pdfs)) {
            System.err.println("错误：PDF 目录不存在：" + pdfs);
            return null;
        }
        List<Corpus.Base> bases = Corpus.bases(pdfs);
        if (bases.size() < 2) {
            System.err.println("错误：至少需要两份定期报告 PDF（一份留作评估），" + pdfs + " 中只有 " + bases.size() + " 份");
            return null;
        }
        return bases;
    }

    @Command(name = "gen-train", mixinStandardHelpOptions = true,
            description = "训练快讯生成模型（内容选择、规划、复制），保存为带版本、词表和指标的模型目录。")
    static final class GenTrain implements Callable<Integer> {
        @ParentCommand
        ReportsCommand parent;
        @Option(names = "--out", required = true, description = "模型目录")
        Path out;
        @Option(names = "--tenant", description = "加入该租户审核中编辑并批准的快讯作训练样本（权重高于合成样本）")
        String tenant;
        @Option(names = "--register", description = "训练后登记为该租户 news-generator 用途的候选版本（需 --tenant）")
        boolean register;
        @Option(names = "--minutes", defaultValue = "20", description = "训练时长上限（分钟，默认 ${DEFAULT-VALUE}）")
        double minutes;
        @Option(names = "--seed", defaultValue = "7", description = "随机种子（默认 ${DEFAULT-VALUE}）")
        long seed;
        @Option(names = "--pdfs", description = "定期报告 PDF 目录（默认检出目录旁的 shared/data/reports/pdfs）")
        Path pdfs;
        @Option(names = "--holdout", description = "留作评估的报告（文件名前缀；默认按文件名排序的第一份）")
        String holdout;
        @Option(names = "--pairs", defaultValue = "400", description = "每份训练报告的扰动样本数（默认 ${DEFAULT-VALUE}）")
        int pairs;
        @Option(names = "--hidden", defaultValue = "48", description = "隐层宽度（默认 ${DEFAULT-VALUE}）")
        int hidden;
        @Option(names = "--epochs", defaultValue = "40", description = "最多训练轮数（默认 ${DEFAULT-VALUE}）")
        int epochs;
        @Option(names = "--eval-inputs", defaultValue = "50",
                description = "训练后在留出报告上评估的扰动输入数，结果（bleu、rgPrecision、fallbackRate 等）随模型保存并登记；0 = 不评估（默认 ${DEFAULT-VALUE}）")
        int evalInputs;

        @Override
        public Integer call() throws Exception {
            long t0 = System.nanoTime();
            if (register && tenant == null) {
                System.err.println("错误：--register 需要 --tenant");
                return 2;
            }
            List<Corpus.Base> bases = bases(pdfs == null ? defaultPdfs() : pdfs);
            if (bases == null) return 2;
            String held = holdout == null ? bases.get(0).source() : holdout;
            if (bases.stream().noneMatch(b -> b.source().startsWith(held))) {
                System.err.println("错误：没有以 " + held + " 开头的 PDF 可留作评估");
                return 2;
            }
            var options = GeneratorTrainer.Options.defaults().withSeed(seed).withMinutes(minutes).withSize(hidden, epochs);
            List<Corpus.Pair> approved = tenant == null ? List.of()
                    : parent.withApprovedPairs(tenant);
            if (approved == null) return 2;
            System.out.printf("审核编辑样本 %d 条（各重复 %d 次）%n", approved.size(), Corpus.APPROVED_WEIGHT);
            GeneratorModel model = GeneratorTrainer.train(Corpus.withApproved(Corpus.training(bases, held, pairs), approved),
                    options, System.out::println);
            model.putMetric("holdout", held);
            model.putMetric("approvedPairs", approved.size());
            if (evalInputs > 0) evaluate(model, bases, held, evalInputs);
            model.save(out);
            System.out.printf("模型 %s 已保存到 %s（共 %.1f 秒，其中训练 %s 秒）%n", model.version(), out,
                    (System.nanoTime() - t0) / 1e9, model.metrics().get("trainingSeconds"));
            if (!register) return 0;
            var settings = java.util.Map.of("seed", String.valueOf(seed), "hidden", String.valueOf(hidden),
                    "epochs", String.valueOf(epochs), "pairs", String.valueOf(pairs), "holdout", held);
            return parent.withGenerators(tenant, m -> System.out.println("已登记候选版本 "
                    + m.register(NewsGeneratorKind.candidate(model, settings), "cli").id() + "（上线：reports gen-promote --tenant " + tenant + " <版本>）"));
        }
    }

    /** Held-out figures of the decoding the server publishes with, kept in the model so the registry shows them. */
    private static void evaluate(GeneratorModel model, List<Corpus.Base> bases, String held, int inputs) {
        var results = GeneratorEvaluation.standard(model, bases, held, inputs, List.of(GeneratorModel.Decoding.DEFAULT));
        GeneratorEvaluation.Scores raw = results.get(0).raw(), templates = results.get(0).templates();
        model.putMetric("bleu", raw.bleu());
        model.putMetric("rgPrecision", raw.rgPrecision());
        model.putMetric("csRecall", raw.csRecall());
        model.putMetric("orderDistance", raw.orderDistance());
        model.putMetric("fallbackRate", raw.fallbackRate());
        model.putMetric("p99Ms", raw.p99Ms());
        model.putMetric("templates.bleu", templates.bleu());
        model.putMetric("templates.orderDistance", templates.orderDistance());
        System.out.printf(java.util.Locale.ROOT, "留出报告 %s（%d 条输入，%s 解码）：BLEU %.3f（模板 %.3f），RG 精确率 %.3f，回退率 %.1f%%%n",
                held, raw.inputs(), GeneratorModel.Decoding.DEFAULT, raw.bleu(), templates.bleu(), raw.rgPrecision(),
                100 * raw.fallbackRate());
    }

    @Command(name = "gen-eval", mixinStandardHelpOptions = true,
            description = "在留出的输入上比较生成模型与模板：BLEU、RG 精确率、内容选择 P/R、顺序距离、回退率、时延。")
    static final class GenEval implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "gen-train 保存的模型目录")
        Path model;
        @Option(names = "--pdfs", description = "定期报告 PDF 目录（默认检出目录旁的 shared/data/reports/pdfs）")
        Path pdfs;
        @Option(names = "--inputs", defaultValue = "200", description = "每个评估集的扰动输入数（默认 ${DEFAULT-VALUE}）")
        int inputs;
        @Option(names = "--decoding", defaultValue = "free,constrained,beam4", split = ",",
                description = "比较的解码方式（同一模型权重）：free = 不受约束的贪心，constrained = 按计划约束复制与方向词，"
                        + "beamN = 约束下保留 N 个候选、依次核对（默认 ${DEFAULT-VALUE}；服务器使用 beam4）")
        List<String> decoding;

        @Override
        public Integer call() throws Exception {
            List<GeneratorModel.Decoding> decodings = new java.util.ArrayList<>();
            try {
                for (String d : decoding) decodings.add(GeneratorModel.Decoding.parse(d));
            } catch (dev.zhiyu.models.ModelRequestException e) {
                System.err.println("错误：" + e.getMessage());
                return 2;
            }
            if (!GeneratorModel.exists(model)) {
                System.err.println("错误：" + model + " 中没有快讯生成模型（应含 generator.json 与 weights.bin）");
                return 2;
            }
            GeneratorModel m = GeneratorModel.load(model);
            List<Corpus.Base> bases = bases(pdfs == null ? defaultPdfs() : pdfs);
            if (bases == null) return 2;
            String held = String.valueOf(m.metrics().getOrDefault("holdout", bases.get(0).source()));
            System.out.println("模型 " + m.version() + "，训练指标 " + m.metrics());
            System.out.print(GeneratorEvaluation.format(GeneratorEvaluation.standard(m, bases, held, inputs, decodings)));
            System.out.println("BLEU 为字符级 BLEU-4；RG-P = 数字归属正确的比例；CS = 内容选择；DLD = 提及顺序的归一化 Damerau-Levenshtein 距离；"
                    + "published = 核对不过即回退模板后实际发布的文本；model/beamN 为首个通过核对的候选（都不通过时为最优候选）；"
                    + "时延为每篇生成加核对（毫秒，每种解码先预热 10 篇不计时）。");
            return 0;
        }
    }
}
