package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.TenantStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "tenant", mixinStandardHelpOptions = true, description = "管理租户（每个租户有自己的数据库）。")
final class TenantCommand {
    private static final String SLUG_HELP = "租户标识：2–23 位小写字母、数字或连字符，以字母开头";

    @ParentCommand
    ZhiyuCommand root;

    static String actor() {
        return "cli:" + System.getProperty("user.name");
    }

    static void print(Tenant t) {
        System.out.printf("%-24s %-10s %-11s %s%n", t.slug(), t.status(), t.dbKind(), t.name());
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "创建租户并建立、迁移其数据库。")
    void create(@Parameters(paramLabel = "SLUG", description = SLUG_HELP) String slug,
                @Option(names = "--name", required = true, description = "租户名称，如 某某证券") String name) {
        try (Platform p = root.openPlatform()) {
            System.out.println("已创建租户：");
            print(p.tenants().create(slug, name, actor()));
            System.out.println("下一步：bin/zhiyu apikey create --tenant " + slug + " --name 管理密钥 --role admin");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "列出租户。")
    void list() {
        try (Platform p = root.openPlatform()) {
            System.out.printf("%-24s %-10s %-11s %s%n", "SLUG", "STATUS", "DATABASE", "NAME");
            p.tenants().list().forEach(TenantCommand::print);
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "停用租户：拒绝其所有访问，数据保留。")
    void disable(@Parameters(paramLabel = "SLUG") String slug) {
        setStatus(slug, TenantStatus.DISABLED);
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "重新启用已停用的租户。")
    void enable(@Parameters(paramLabel = "SLUG") String slug) {
        setStatus(slug, TenantStatus.ACTIVE);
    }

    @Command(name = "history", mixinStandardHelpOptions = true, description = "平台操作记录（创建、停用、启用租户），新的在前。")
    void history(@Option(names = "--limit", defaultValue = "50", description = "条数（默认 ${DEFAULT-VALUE}）") int limit) {
        try (Platform p = root.openPlatform()) {
            p.tenants().history(Math.max(1, Math.min(limit, 1000))).forEach(e -> System.out.printf("%s  %-16s %-16s %s%n",
                    e.at(), e.action(), e.actor(), e.detail()));
        }
    }

    private void setStatus(String slug, TenantStatus status) {
        try (Platform p = root.openPlatform()) {
            print(p.tenants().setStatus(slug, status, actor()));
        }
    }
}
