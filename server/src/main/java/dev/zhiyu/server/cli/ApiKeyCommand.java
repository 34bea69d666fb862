package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.ApiKey;
import dev.zhiyu.server.platform.IssuedKey;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "apikey", mixinStandardHelpOptions = true, description = "管理租户的 API 密钥（只保存哈希，明文只显示一次）。",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.Revoke.class, ApiKeyCommand.ListKeys.class})
final class ApiKeyCommand {
    @ParentCommand
    ZhiyuCommand root;

    static void print(ApiKey k) {
        System.out.printf("%-6d %-18s %-11s %-8s %s%n", k.id(), k.prefix(), k.role().id(),
                k.revokedAt() == null ? "有效" : "已吊销", k.name());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "签发新密钥。")
    static final class Create implements Runnable {
        @ParentCommand
        ApiKeyCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Option(names = "--name", required = true, description = "密钥用途，如 外呼系统对接")
        String name;
        @Option(names = "--role", defaultValue = "operator", description = "admin、operator、supervisor 或 researcher（默认 ${DEFAULT-VALUE}）")
        String role;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                Tenant t = p.tenants().get(tenant);
                IssuedKey k = p.keys().create(t.id(), name, role, TenantCommand.actor());
                print(k.key());
                System.out.println("密钥（只显示这一次，请立即保存）：");
                System.out.println(k.secret());
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "吊销密钥，立即生效。")
    static final class Revoke implements Runnable {
        @ParentCommand
        ApiKeyCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;
        @Parameters(paramLabel = "ID", description = "密钥编号（见 apikey list）")
        long id;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                print(p.keys().revoke(p.tenants().get(tenant).id(), id));
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "列出租户的密钥（不含明文）。")
    static final class ListKeys implements Runnable {
        @ParentCommand
        ApiKeyCommand parent;
        @Option(names = "--tenant", required = true, description = "租户标识")
        String tenant;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                p.keys().list(p.tenants().get(tenant).id()).forEach(ApiKeyCommand::print);
            }
        }
    }
}
