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
            description = "连接配置的 FreeSWITCH（ESL）并打印 status 与各网关状态；未配置时说明演示模式。")
    int status() {
        TelephonyConfig c = root.config().telephony();
        if (c.demo()) {
            System.out.println("演示模式：未配置 FreeSWITCH（zhiyu.telephony.fs.host），服务进程内使用模拟器，网关 " + c.gateways());
            return 0;
        }
        EslListener quiet = new EslListener() {
            @Override
            public void onEvent(EslEvent event) {
            }

            @Override
            public void onClosed(Exception cause) {
            }
        };
        try (EslClient esl = EslClient.connect(c.fsHost(), c.fsPort(), c.fsPassword(), Duration.ofSeconds(5), quiet)) {
            System.out.println("FreeSWITCH " + c.fsHost() + ":" + c.fsPort() + " 已连接（ESL 认证通过）");
            System.out.print(esl.api("status").get(10, TimeUnit.SECONDS));
            for (String gw : c.gateways()) {
                String r = esl.api("sofia status gateway " + gw).get(10, TimeUnit.SECONDS);
                System.out.println("网关 " + gw + "：" + (r.contains("Invalid Gateway") ? "不存在" : r.lines()
                        .filter(l -> l.startsWith("State") || l.startsWith("Status")).map(String::strip).toList()));
            }
            return 0;
        } catch (Exception e) {
            System.err.println("错误：无法连接 FreeSWITCH " + c.fsHost() + ":" + c.fsPort() + "：" + e.getMessage());
            return 3;
        }
    }
}
