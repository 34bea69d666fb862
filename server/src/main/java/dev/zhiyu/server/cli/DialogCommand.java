package dev.zhiyu.server.cli;

import dev.zhiyu.dialog.DialogSimulation;
import dev.zhiyu.dialog.crosswoz.CrossWozDialog;
import dev.zhiyu.dialog.crosswoz.CrossWozEvaluation;
import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.DialogViews;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.dialog.UserInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "dialog", mixinStandardHelpOptions = true, description = "对话引擎：终端里聊天、用模拟客户评测、CrossWOZ 评测。")
final class DialogCommand {
    @ParentCommand
    ZhiyuCommand root;

    @Command(name = "chat", mixinStandardHelpOptions = true,
            description = "在终端里与一个场景对话；空行表示沉默，Ctrl+D 结束。每轮都记入租户数据库。")
    void chat(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
              @Option(names = "--scenario", defaultValue = "account-opening-callback",
                      description = "场景（默认 ${DEFAULT-VALUE}）") String scenario,
              @Option(names = "--var", description = "场景变量，如 --var customer_name=王先生 --var stop_step=4")
              Map<String, String> variables) throws IOException {
        ServerConfig config = root.config();
        try (Platform p = Platform.open(config)) {
            Tenant t = p.tenants().get(tenant);
            DialogService dialogs = new DialogService(p, GenericIntents.memoized(config.intentModel()),
                    Clock.system(ZoneId.of("Asia/Shanghai"))).withOutbound(new dev.zhiyu.server.net.OutboundHttp(
                    config.outbound(), java.time.Duration.ofSeconds(2))); // scenario functions: as the server allows
            Map<String, String> vars = new LinkedHashMap<>(Map.of("customer_name", "王先生", "stop_step", "4"));
            if (variables != null) {
                vars.putAll(variables);
            }
            DialogViews.Reply reply = dialogs.start(t, scenario, "text", vars);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (true) {
                print(reply);
                if (reply.ended()) {
                    System.out.println("（结束）" + dialogs.transcript(t, reply.sessionId()).size() + " 轮已记录，会话 " + reply.sessionId());
                    return;
                }
                System.out.print("您> ");
                System.out.flush();
                String line = in.readLine();
                if (line == null) {
                    System.out.println(dialogs.end(t, reply.sessionId()));
                    return;
                }
                reply = line.isBlank() ? dialogs.silence(t, reply.sessionId())
                        : dialogs.hear(t, reply.sessionId(), UserInput.text(line));
            }
        }
    }

    @Command(name = "crosswoz", mixinStandardHelpOptions = true,
            description = "在 CrossWOZ 格式的数据上训练并评测：对话行为 F1（按对话 k 折），以及状态跟踪联合准确率（标注行为 / 预测行为）。")
    void crosswoz(@Option(names = "--data", required = true, description = "CrossWOZ 文件（.json 或 .json.zip）") java.nio.file.Path data,
                  @Option(names = "--folds", defaultValue = "5", description = "折数（默认 ${DEFAULT-VALUE}）") int folds)
            throws IOException {
        System.out.print(CrossWozEvaluation.run(CrossWozDialog.read(data), folds).format());
    }

    private static void print(DialogViews.Reply reply) {
        System.out.println("机器人> " + reply.text() + (reply.actions().isEmpty() ? "" : "  " + reply.actions()));
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true,
            description = "用模拟客户（含 ASR 噪声）跑内置的开户断点回访场景，打印任务成功率、平均轮数和结果标签准确率。")
    void simulate(@Option(names = "--dialogs", defaultValue = "1000", description = "对话数（默认 ${DEFAULT-VALUE}）") int dialogs,
                  @Option(names = "--cer", defaultValue = "0.15", description = "字错率（默认 ${DEFAULT-VALUE}）") double cer,
                  @Option(names = "--dst", defaultValue = "nbest", description = "nbest 或 1best（默认 ${DEFAULT-VALUE}）") String dst,
                  @Option(names = "--nbest", defaultValue = "3", description = "每轮 ASR 候选数（默认 ${DEFAULT-VALUE}）") int nbest,
                  @Option(names = "--seed", defaultValue = "42", description = "随机种子（默认 ${DEFAULT-VALUE}）") long seed) {
        if (!dst.equals("nbest") && !dst.equals("1best")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--dst 应为 nbest 或 1best");
        }
        if (dialogs < 1 || cer < 0 || cer > 1 || nbest < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--dialogs 至少为 1，--cer 在 0 到 1 之间，--nbest 至少为 1");
        }
        DialogSimulation.Report r = DialogSimulation.run(GenericIntents.memoized(root.config().intentModel()).get(),
                dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh(), Clock.system(ZoneId.of("Asia/Shanghai")),
                new DialogSimulation.Options(dialogs, cer, nbest, dst.equals("1best"), seed));
        System.out.print(r.format());
    }
}
