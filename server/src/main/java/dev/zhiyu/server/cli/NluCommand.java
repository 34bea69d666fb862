package dev.zhiyu.server.cli;

import dev.zhiyu.nlp.Analyzer;
import dev.zhiyu.nlp.IntentCalibration;
import dev.zhiyu.nlp.IntentEvaluator;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentTrainer;
import dev.zhiyu.nlp.TenantDictionary;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "nlu", mixinStandardHelpOptions = true, description = "意图模型的训练、评测，以及单句分析。")
final class NluCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "训练意图模型。数据为 TSV，每行 标签<TAB>文本；可用逗号合并多份，如 my.tsv,builtin:generic。")
    void train(@Option(names = "--data", required = true, description = "训练数据") String data,
               @Option(names = "--model-out", required = true, description = "模型输出目录") Path out,
               @Option(names = "--kind", defaultValue = "maxent", description = "maxent 或 neural（默认 ${DEFAULT-VALUE}）")
               String kind) throws IOException {
        long t0 = System.nanoTime();
        System.out.println("训练中（" + kind + "）…");
        IntentModel m = IntentTrainer.train(data, IntentTrainer.Kind.parse(kind), out);
        System.out.printf("完成：%d 个意图，温度 %.3f，用时 %.1f 秒，已保存到 %s%n", m.labels().size(), m.temperature(),
                (System.nanoTime() - t0) / 1e9, out);
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "评测意图模型：准确率、宏 F1、各意图 P/R/F1、代价最大的混淆对、ECE。")
    void eval(@Option(names = "--model", required = true,
                      description = "模型目录，或 builtin:generic（神经网络）、builtin:generic-maxent") String model,
              @Option(names = "--data", required = true,
                      description = "评测数据 TSV，或 builtin:generic-heldout（内置数据留出的五分之一）、"
                              + "builtin:generic-realstyle-test（另写的口语留出集）") String data,
              @Option(names = "--calibrate-on",
                      description = "在这份与训练数据分开另写的数据上重拟合温度并推出 act/confirm 阈值，"
                              + "再在 --data 上报告校准前后的 ECE，如 builtin:generic-realstyle-calibration") String calibration)
            throws IOException {
        System.out.print(IntentEvaluator.evaluate(model, data).format());
        if (calibration != null) {
            System.out.print("\n" + IntentEvaluator.recalibrate(model, calibration, data).format());
        }
    }

    @Command(name = "calibrate", mixinStandardHelpOptions = true,
            description = "在与训练数据分开另写的数据上校准意图模型（温度 + end_call/act/confirm 阈值），写入模型目录的 "
                    + "calibration.properties；对话在场景 YAML 未设阈值时使用它们。")
    void calibrate(@Option(names = "--model", required = true, description = "模型目录（内置模型在 jar 中，不能写入）") String model,
                   @Option(names = "--data", required = true,
                           description = "校准数据 TSV，或 builtin:generic-realstyle-calibration 等；至少 100 条") String data)
            throws IOException {
        if (model.startsWith("builtin:")) {
            throw new IllegalArgumentException("内置模型 " + model + " 在 jar 中，不能写入校准；请先训练或复制到一个模型目录");
        }
        IntentCalibration c = IntentEvaluator.calibrate(model, data);
        IntentModel.saveCalibration(Path.of(model), c);
        System.out.println("已校准并写入 " + Path.of(model).resolve("calibration.properties") + "：" + c.format());
    }

    @Command(name = "analyze", mixinStandardHelpOptions = true, description = "分析一句话：分词、词性、实体、N-best 意图。")
    void analyze(@Parameters(paramLabel = "文本") String text) {
        System.out.print(Analyzer.withBuiltinModels(TenantDictionary.withFinanceTerms()).analyze(text, 3).format());
    }
}
