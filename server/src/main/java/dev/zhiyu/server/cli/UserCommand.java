package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.User;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "user", mixinStandardHelpOptions = true, description = "管理控制台用户。")
final class UserCommand {
    @ParentCommand
    ZhiyuCommand root;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "创建用户。密码从标准输入读取（--password-stdin），否则随机生成并显示一次。")
    void create(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                @Option(names = "--username", required = true, description = "登录名") String username,
                @Option(names = "--display-name", description = "显示名，默认同登录名") String displayName,
                @Option(names = "--role", required = true, description = "admin、operator、supervisor 或 researcher") String role,
                @Option(names = "--password-stdin", description = "从标准输入读取密码（至少 10 个字符）") boolean fromStdin) {
        String password = fromStdin ? firstLineOfStdin() : DemoTenant.randomPassword();
        try (Platform p = root.openPlatform()) {
            User u = p.users().create(p.tenants().get(tenant).id(), username, displayName, role, password);
            System.out.printf("已创建用户 %d：%s（%s，%s）%n", u.id(), u.username(), u.displayName(), u.role().id());
            if (!fromStdin) {
                System.out.println("初始密码（只显示这一次）：" + password);
            }
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true,
            description = "重设用户的密码。新密码从标准输入读取（--password-stdin），否则随机生成并显示一次。")
    void password(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                  @Option(names = "--username", required = true, description = "登录名") String username,
                  @Option(names = "--password-stdin", description = "从标准输入读取密码（至少 10 个字符）") boolean fromStdin) {
        String password = fromStdin ? firstLineOfStdin() : DemoTenant.randomPassword();
        try (Platform p = root.openPlatform()) {
            long tenantId = p.tenants().get(tenant).id();
            User u = p.users().findByUsername(tenantId, username).orElseThrow(() ->
                    new IllegalArgumentException("租户 " + tenant + " 没有用户 " + username));
            p.users().setPassword(tenantId, u.id(), password);
            System.out.printf("已重设用户 %s 的密码%n", u.username());
            if (!fromStdin) {
                System.out.println("新密码（只显示这一次）：" + password);
            }
        }
    }

    private static String firstLineOfStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
