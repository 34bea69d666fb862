package dev.zhiyu.server.cli;

import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.telephony.EslProbe;
import dev.zhiyu.telephony.Switchboard;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "fs", mixinStandardHelpOptions = true, description = "FreeSWITCH 连接。")
final class FsCommand {
    private static final Duration REPLY = Duration.ofSeconds(10);

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
        for (Switchboard.Node n : c.nodes()) {
            if (!node(n)) {
                down++;
            }
        }
        System.out.println("节点 " + c.nodes().size() + " 个，已连接 " + (c.nodes().size() - down) + " 个");
        return down == 0 ? 0 : 3;
    }

    private static boolean node(Switchboard.Node n) {
        String label = "节点 " + n.name() + "（" + n.host() + ":" + n.port() + "，最多 " + n.maxChannels() + " 路、每秒 "
                + n.maxCps() + " 次）";
        try (EslProbe esl = EslProbe.connect(n.host(), n.port(), n.password(), Duration.ofSeconds(5))) {
            System.out.println(label + " 已连接（ESL 认证通过）");
            System.out.print(esl.api("status", REPLY));
            for (String gw : n.gateways()) {
                String r = esl.api("sofia status gateway " + gw, REPLY);
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
