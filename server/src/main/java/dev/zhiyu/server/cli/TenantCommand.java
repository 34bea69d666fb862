package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tenant", mixinStandardHelpOptions = true, description = "管理租户（每个租户有自己的数据库）。",
        subcommands = {TenantCommand.Create.class, TenantCommand.ListTenants.class, TenantCommand.Disable.class,
                TenantCommand.Enable.class})
final class TenantCommand {
    @ParentCommand
    ZhiyuCommand root;

    static String actor() {
        return "cli:" + System.getProperty("user.name");
    }

    static void print(Tenant t) {
        System.out.printf("%-24s %-10s %-11s %s%n", t.slug(), t.status(), t.dbKind(), t.name());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "创建租户并建立、迁移其数据库。")
    static final class Create implements Runnable {
        @ParentCommand
        TenantCommand parent;
        @Parameters(paramLabel = "SLUG", description = "租户标识：2–23 位小写字母、数字或连字符，以字母开头")
        String slug;
        @Option(names = "--name", required = true, description = "租户名称，如 某某证券")
        String name;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                Tenant t = p.tenants().create(slug, name, actor());
                System.out.println("已创建租户：");
                print(t);
                System.out.println("下一步：bin/zhiyu apikey create --tenant " + slug + " --name 管理密钥 --role admin");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "列出租户。")
    static final class ListTenants implements Runnable {
        @ParentCommand
        TenantCommand parent;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                System.out.printf("%-24s %-10s %-11s %s%n", "SLUG", "STATUS", "DATABASE", "NAME");
                p.tenants().list().forEach(TenantCommand::print);
            }
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "停用租户：拒绝其所有访问，数据保留。")
    static final class Disable implements Runnable {
        @ParentCommand
        TenantCommand parent;
        @Parameters(paramLabel = "SLUG")
        String slug;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                print(p.tenants().setStatus(slug, TenantStatus.DISABLED, actor()));
            }
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "重新启用已停用的租户。")
    static final class Enable implements Runnable {
        @ParentCommand
        TenantCommand parent;
        @Parameters(paramLabel = "SLUG")
        String slug;

        @Override
        public void run() {
            try (Platform p = parent.root.openPlatform()) {
                print(p.tenants().setStatus(slug, TenantStatus.ACTIVE, actor()));
            }
        }
    }
}
