package dev.zhiyu.server.cli;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.telephony.TelephonyException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/zhiyu}: the server and its administration. Later capabilities add their subcommands here. */
@Command(name = "zhiyu", mixinStandardHelpOptions = true, version = "智语 Zhiyu 0.1.0",
        description = "智语 Zhiyu：面向证券期货机构的中文对话 AI 与金融 NLP 服务。",
        subcommands = {ServeCommand.class, TenantCommand.class, ApiKeyCommand.class, UserCommand.class,
                DialogCommand.class, NluCommand.class, KgCommand.class,
                CallsCommand.class, TaskCommand.class, FsCommand.class, ReportsCommand.class,
                ModelsCommand.class})
public final class ZhiyuCommand {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "配置文件（properties）；默认读 ZHIYU_CONFIG 或 ./zhiyu.properties，环境变量 ZHIYU_* 覆盖其中各项")
    Path configFile;

    ServerConfig config() {
        return ServerConfig.load(configFile, System.getenv());
    }

    Platform openPlatform() {
        return Platform.open(config());
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new ZhiyuCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof java.nio.file.NoSuchFileException missing) {
                cmd.getErr().println("错误：找不到文件 " + missing.getFile());
                return 2;
            }
            if (e instanceof Failure || e instanceof TelephonyException || e instanceof dev.zhiyu.models.ModelRequestException
                    || e instanceof ServerConfig.ConfigException
                    || e instanceof IllegalArgumentException || e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
                cmd.getErr().println("错误：" + e.getMessage());
                return e instanceof Failure f && f.kind() == Failure.Kind.UNAVAILABLE ? 3 : 2;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
