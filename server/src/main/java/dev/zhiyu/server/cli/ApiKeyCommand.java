package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.ApiKey;
import dev.zhiyu.server.platform.IssuedKey;
import dev.zhiyu.server.platform.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "apikey", mixinStandardHelpOptions = true, description = "管理租户的 API 密钥（只保存哈希，明文只显示一次）。")
final class ApiKeyCommand {
    @ParentCommand
    ZhiyuCommand root;

    static void print(ApiKey k) {
        System.out.printf("%-6d %-18s %-11s %-8s %s%n", k.id(), k.prefix(), k.role().id(),
                k.revokedAt() == null ? "有效" : "已吊销", k.name());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "签发新密钥。")
    void create(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                @Option(names = "--name", required = true, description = "密钥用途，如 外呼系统对接") String name,
                @Option(names = "--role", defaultValue = "operator",
                        description = "admin、operator、supervisor 或 researcher（默认 ${DEFAULT-VALUE}）") String role) {
        try (Platform p = root.openPlatform()) {
            IssuedKey k = p.keys().create(p.tenants().get(tenant).id(), name, role, TenantCommand.actor());
            print(k.key());
            System.out.println("密钥（只显示这一次，请立即保存）：");
            System.out.println(k.secret());
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "吊销密钥，立即生效。")
    void revoke(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                @Parameters(paramLabel = "ID", description = "密钥编号（见 apikey list）") long id) {
        try (Platform p = root.openPlatform()) {
            print(p.keys().revoke(p.tenants().get(tenant).id(), id));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "列出租户的密钥（不含明文）。")
    void list(@Option(names = "--tenant", required = true, description = "租户标识") String tenant) {
        try (Platform p = root.openPlatform()) {
            p.keys().list(p.tenants().get(tenant).id()).forEach(ApiKeyCommand::print);
        }
    }
}
