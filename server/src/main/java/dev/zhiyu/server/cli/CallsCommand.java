package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.JdbcDialerStore;
import dev.zhiyu.server.telephony.TelephonyConfig;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.lists.ImportReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "calls", mixinStandardHelpOptions = true, description = "外呼名单：上传 CSV/XLSX。")
final class CallsCommand {
    @ParentCommand
    ZhiyuCommand root;

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = "上传名单（CSV 或 XLSX）：校验并规范号码、去重，打印逐行错误；整份文件无效时不导入任何数据。")
    int upload(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
               @Option(names = "--list", description = "追加到已有名单（重复号码不会再加）") String list,
               @Option(names = "--name", description = "新名单的名称") String name,
               @Option(names = "--phone-column", description = "号码列的表头（默认自动识别：手机号、电话、phone…）") String phoneColumn,
               @Parameters(paramLabel = "FILE", description = "名单文件") Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            System.err.println("错误：找不到文件 " + file);
            return 2;
        }
        try (Platform p = root.openPlatform(); InputStream in = Files.newInputStream(file)) {
            Tenant t = p.tenants().get(tenant);
            TelephonyConfig config = root.config().telephony();
            JdbcDialerStore store = new JdbcDialerStore(p.stores().jdbi(t), t.slug(), config.zone());
            TelephonyService.Upload u = TelephonyService.importList(store, config, list, name,
                    file.getFileName().toString(), in, phoneColumn, "cli");
            ImportReport r = u.report();
            if (!r.ok()) {
                System.err.println("错误：" + r.fileError() + "（未导入任何数据）");
                return 2;
            }
            System.out.printf("名单 %s%s：共 %d 行，导入 %d，重复 %d，无效 %d%n", u.listId(), u.created() ? "（新建）" : "",
                    r.rows(), r.imported(), r.duplicates(), r.rejected());
            r.errors().forEach(e -> System.out.println("  " + e.message()));
            if (r.rejected() > r.errors().size()) {
                System.out.println("  ……另有 " + (r.rejected() - r.errors().size()) + " 行错误未列出");
            }
            return 0;
        }
    }
}
