package dev.zhiyu.server.cli;

import dev.zhiyu.reports.IndicatorEvaluation;
import dev.zhiyu.reports.KeyIndicator;
import dev.zhiyu.reports.ReportParser;
import dev.zhiyu.reports.ReportStore;
import dev.zhiyu.reports.StoredReport;
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
                ReportsCommand.Eval.class, ReportsCommand.Industries.class})
final class ReportsCommand {
    @ParentCommand
    ZhiyuCommand root;

    /** Work on one tenant's reports with a service opened for this command and closed after it. */
    interface ServiceWork {
        Integer run(ReportService service, Tenant tenant) throws Exception;
    }

    Integer withService(String slug, boolean review, ServiceWork work) throws Exception {
        try (Platform p = root.openPlatform(); ReportService s = new ReportService(p, review)) {
            return work.run(s, p.tenants().get(slug));
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

    @Command(name = "eval", mixinStandardHelpOptions = true, description = "关键指标抽取与人工标注逐项比对（完全一致计数）。")
    static final class Eval implements Callable<Integer> {
        @Option(names = "--pdfs", required = true, description = "PDF 目录")
        Path pdfs;
        @Option(names = "--truth", required = true, description = "标注文件（key_indicators.json 格式）")
        Path truth;

        @Override
        public Integer call() {
            ReportParser parser = new ReportParser();
            var result = IndicatorEvaluation.run(pdfs, truth, f -> parser.parse(f).indicators());
            System.out.print(result.summary());
            return result.exact() == result.total() ? 0 : 1;
        }
    }
}
