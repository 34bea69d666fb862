package dev.zhiyu.server.cli;

import dev.zhiyu.models.Comparison;
import dev.zhiyu.models.CorruptArtifactException;
import dev.zhiyu.models.ModelLifecycle;
import dev.zhiyu.models.ModelVersion;
import dev.zhiyu.models.NerComparison;
import dev.zhiyu.models.Purposes;
import dev.zhiyu.models.TrainingJob;
import dev.zhiyu.models.UnknownIdException;
import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Platform;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "租户的模型：版本列表、训练、上线、回滚、对比。命令行上线在服务下次启动时生效；运行中的服务请用 API 热切换。",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Train.class, ModelsCommand.Promote.class,
                ModelsCommand.Rollback.class, ModelsCommand.Compare.class})
final class ModelsCommand {
    @ParentCommand
    ZhiyuCommand root;

    interface Work {
        void run(ModelLifecycle models) throws Exception;
    }

    /** Runs on one tenant's lifecycle; the lifecycle's refusals become a one-line Chinese error and exit 2. */
    Integer with(String slug, Work work) throws Exception {
        ServerConfig config = root.config();
        try (Platform p = Platform.open(config);
             ModelService models = new ModelService(p, config.dataDir(), ModelService.MACHINE_TRAININGS,
                     GenericIntents.memoized(config.intentModel()), Clock.system(ZoneId.of("Asia/Shanghai")))) {
            work.run(models.of(p.tenants().get(slug)));
            return 0;
        } catch (UnknownIdException | CorruptArtifactException | dev.zhiyu.models.ModelRequestException | IllegalStateException e) {
            System.err.println("错误：" + e.getMessage());
            return 2;
        }
    }

    /** A subcommand on one tenant's models. */
    abstract static class OnTenant implements Callable<Integer> {
        @ParentCommand
        ModelsCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;

        Integer with(Work work) throws Exception {
            return parent.with(tenant, work);
        }
    }

    static String line(ModelVersion v) {
        return String.format(Locale.ROOT, "%s  %-9s %s  宏F1 %.4f（线上 %.4f）  父 %s  %s  %s", v.id(), v.status(),
                v.purpose(), v.metrics().getOrDefault("macroF1", Double.NaN),
                v.metrics().getOrDefault("baseline.macroF1", Double.NaN), v.parent() == null ? "-" : v.parent(),
                v.createdAt(), v.createdBy());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "列出模型版本（最新在前）。")
    static final class ListVersions extends OnTenant {
        @Option(names = "--scenario", description = "只看该场景的意图模型")
        String scenario;

        @Override
        public Integer call() throws Exception {
            return with(m -> {
                var versions = m.registry().list(scenario == null ? null : Purposes.intent(scenario));
                if (versions.isEmpty()) {
                    System.out.println("（还没有模型版本）");
                }
                versions.forEach(v -> System.out.println(line(v)));
            });
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "把当前标注冻结为新快照并训练场景的意图模型（--kind crf：槽位识别模型 ner:<场景>），等待完成并打印日志。")
    static final class Train extends OnTenant {
        @Option(names = "--scenario", required = true, description = "场景 id")
        String scenario;
        @Option(names = "--kind", defaultValue = "maxent",
                description = "意图模型 maxent 或 neural，槽位识别模型 crf（默认 ${DEFAULT-VALUE}）")
        String kind;
        @Option(names = "--param", description = "超参数，如 --param iterations=100 --param folds=3")
        Map<String, String> params;
        @Option(names = "--auto-promote", description = "达到上线规则时自动上线")
        boolean autoPromote;
        @Option(names = "--time-limit", defaultValue = "1800", description = "时限秒数（默认 ${DEFAULT-VALUE}）")
        long timeLimit;

        @Override
        public Integer call() throws Exception {
            int[] exit = {0};
            Integer ran = with(m -> {
                Map<String, String> hp = new LinkedHashMap<>(params == null ? Map.of() : params);
                hp.put("kind", kind);
                String purpose = kind.equals("crf") ? Purposes.ner(scenario) : Purposes.intent(scenario);
                TrainingJob job = m.train(new ModelLifecycle.TrainRequest(purpose, null, hp,
                        autoPromote, Duration.ofSeconds(timeLimit)), "cli");
                System.out.println("训练任务 " + job.id());
                int printed = 0;
                while (!job.status().done()) {
                    Thread.sleep(200);
                    job = m.job(job.id());
                    for (; printed < job.log().size(); printed++) {
                        System.out.println("  " + job.log().get(printed));
                    }
                }
                if (job.modelId() != null) {
                    System.out.println(line(m.version(job.modelId())));
                } else {
                    System.err.println("错误：" + job.error());
                    exit[0] = 2;
                }
            });
            return ran != 0 ? ran : exit[0];
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "让一个版本上线（先校验文件）。")
    static final class Promote extends OnTenant {
        @Parameters(paramLabel = "VERSION", description = "版本 id")
        String id;

        @Override
        public Integer call() throws Exception {
            return with(m -> System.out.println("已上线：" + line(m.promote(id, "cli"))));
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "回滚到上一个线上版本。")
    static final class Rollback extends OnTenant {
        @Option(names = "--scenario", required = true, description = "场景 id")
        String scenario;
        @Option(names = "--ner", description = "回滚槽位识别模型（ner:<场景>），而不是意图模型")
        boolean ner;

        @Override
        public Integer call() throws Exception {
            String purpose = ner ? Purposes.ner(scenario) : Purposes.intent(scenario);
            return with(m -> System.out.println("已回滚到：" + line(m.rollback(purpose, "cli"))));
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "两个版本对比：逐意图（或逐槽位类型）F1、混淆变化、翻转的样本。")
    static final class Compare extends OnTenant {
        @Parameters(index = "0", paramLabel = "A")
        String a;
        @Parameters(index = "1", paramLabel = "B")
        String b;

        @Override
        public Integer call() throws Exception {
            return with(m -> System.out.print(Purposes.isNer(m.version(a).purpose())
                    ? format(m.compareEntities(a, b)) : format(m.compare(a, b))));
        }

        static String format(NerComparison c) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "A %s%nB %s%n评测 %d 句：宏平均 F1 %.4f → %.4f%n%n",
                    c.a(), c.b(), c.examples(), c.macroF1A(), c.macroF1B()));
            sb.append(String.format("%-22s %6s %7s %7s %8s%n", "槽位类型", "片段数", "F1(A)", "F1(B)", "差"));
            c.types().forEach(t -> sb.append(String.format(Locale.ROOT, "%-22s %6d %7.3f %7.3f %+8.3f%n",
                    t.type(), t.support(), t.f1A(), t.f1B(), t.delta())));
            sb.append("\n翻转的句子（值/类型）：\n");
            c.flipped().forEach(f -> sb.append(String.format("  %s「%s」真实 %s：A %s，B %s%n", f.fixedByB() ? "修正" : "变错",
                    f.text(), f.gold(), f.predictedA(), f.predictedB())));
            return sb.toString();
        }

        static String format(Comparison c) {
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "A %s%nB %s%n评测 %d 条：宏平均 F1 %.4f → %.4f%n%n",
                    c.a(), c.b(), c.examples(), c.macroF1A(), c.macroF1B()));
            sb.append(String.format("%-22s %6s %7s %7s %8s%n", "意图", "样本数", "F1(A)", "F1(B)", "差"));
            c.intents().forEach(i -> sb.append(String.format(Locale.ROOT, "%-22s %6d %7.3f %7.3f %+8.3f%n",
                    i.intent(), i.support(), i.f1A(), i.f1B(), i.delta())));
            sb.append("\n混淆变化（真实 → 预测：A 次数 → B 次数）：\n");
            c.confusions().forEach(x -> sb.append(String.format("  %s → %s：%d → %d%n", x.gold(), x.predicted(),
                    x.countA(), x.countB())));
            sb.append("\n翻转的样本：\n");
            c.flipped().forEach(f -> sb.append(String.format("  %s「%s」真实 %s：A %s，B %s%n", f.fixedByB() ? "修正" : "变错",
                    f.text(), f.gold(), f.predictedA(), f.predictedB())));
            return sb.toString();
        }
    }
}
