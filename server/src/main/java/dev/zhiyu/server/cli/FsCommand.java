package dev.zhiyu.server.cli;

import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.telephony.esl.EslClient;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EslListener;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "fs", mixinStandardHelpOptions = true, description = "FreeSWITCH 连接。")
final class FsCommand {
    @ParentCommand
    ZhiyuCommand root;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "逐个连接配置的 FreeSWITCH 节点（ESL）并打印 status 与各网关状态；未配置时说明演示模式。")
    int status() {
        TelephonyConfig c = root.config().telephony();
        if (c.demo()) {
            System.out.println("演示模式：未配置 FreeSWITCH（zhiyu.telephony.fs.host 或 zhiyu.telephony.nodes），服务进程内使用模拟器，网关 "
                    + c.gateways());
            return 0;
        }
        int down = 0;
        for (TelephonyConfig.FsNode n : c.nodes()) {
            if (!node(n)) {
                down++;
            }
        }
        System.out.println("节点 " + c.nodes().size() + " 个，已连接 " + (c.nodes().size() - down) + " 个");
        return down == 0 ? 0 : 3;
    }

    private static boolean node(TelephonyConfig.FsNode n) {
        EslListener quiet = new EslListener() {
            @Override
            public void onEvent(EslEvent event) {
            }

            @Override
            public void onClosed(Exception cause) {
            }
        };
        String label = "节点 " + n.name() + "（" + n.host() + ":" + n.port() + "，最多 " + n.maxChannels() + " 路、每秒 "
                + n.maxCps() + " 次）";
        try (EslClient esl = EslClient.connect(n.host(), n.port(), n.password(), Duration.ofSeconds(5), quiet)) {
            System.out.println(label + " 已连接（ESL 认证通过）");
            System.out.print(esl.api("status").get(10, TimeUnit.SECONDS));
            for (String gw : n.gateways()) {
                String r = esl.api("sofia status gateway " + gw).get(10, TimeUnit.SECONDS);
                System.out.println("  网关 " + gw + "：" + (r.contains("Invalid Gateway") ? "不存在" : r.lines()
                        .filter(l -> l.startsWith("State") || l.startsWith("Status")).map(String::strip).toList()));
            }
            return true;
        } catch (Exception e) {
            System.err.println("错误：" + label + " 无法连接：" + e.getMessage());
            return false;
        }
    }
}
