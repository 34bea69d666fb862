package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.ListUploads;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.telephony.ContactRules;
import dev.zhiyu.telephony.rules.CallerIds;
import dev.zhiyu.telephony.rules.DncLists;
import dev.zhiyu.telephony.rules.Holidays;
import dev.zhiyu.telephony.lists.ImportReport;
import dev.zhiyu.telephony.tasks.ListFit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "calls", mixinStandardHelpOptions = true, description = "外呼名单：上传 CSV/XLSX；免打扰号码；主叫号码；节假日日历。",
        subcommands = {CallsCommand.Dnc.class, CallsCommand.CallerId.class, CallsCommand.Holiday.class})
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
        try (InputStream in = Files.newInputStream(file)) {
            List<ListFit.Coverage> fit = new ArrayList<>();
            ListUploads.Upload u = withTelephony(tenant, (ops, t) -> {
                ListUploads.Upload up = ops.importList(t, list, name, file.getFileName().toString(), in, phoneColumn, "cli");
                fit.addAll(ops.coverage(t, up.report().columns()));
                return up;
            });
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
            fit.forEach(c -> System.out.println("场景 " + c.scenario() + "：" + (c.fits() ? "列齐全" + c.satisfied()
                    : "缺少必需列 " + c.missing() + "，不能用于该场景的任务")));
            return 0;
        }
    }

    /** Runs {@code f} with the tenant and the operations the HTTP API uses too, on the tenant's database. */
    <T> T withTelephony(String tenant, BiFunction<TelephonyOperations, Tenant, T> f) {
        try (Platform p = root.openPlatform()) {
            return f.apply(TelephonyOperations.offline(p.stores(), root.config().telephony()), p.tenants().get(tenant));
        }
    }

    @Command(name = "dnc", mixinStandardHelpOptions = true,
            description = "本租户的免打扰号码：add 批量添加（号码或 CSV 文件），list 列出（含来源），remove 移出。")
    static final class Dnc {
        @ParentCommand
        CallsCommand calls;


        @Command(name = "add", mixinStandardHelpOptions = true, description = "添加号码（规范为 E.164），打印逐行错误。")
        int add(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                @Option(names = "--file", description = "CSV 文件（号码列表头：手机号、电话、号码、phone…；无表头时取第一列）") Path file,
                @Option(names = "--reason", description = "原因") String reason,
                @Parameters(paramLabel = "NUMBER", arity = "0..*", description = "号码") List<String> numbers) throws IOException {
            if ((file == null) == (numbers == null || numbers.isEmpty())) {
                System.err.println("错误：请给出号码，或用 --file 指定 CSV 文件（二者选一）");
                return 2;
            }
            if (file != null && !Files.isRegularFile(file)) {
                System.err.println("错误：找不到文件 " + file);
                return 2;
            }
            List<DncLists.Entry> entries;
            if (file != null) {
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    entries = DncLists.fromCsv(in);
                }
            } else {
                entries = DncLists.fromList(numbers);
            }
            DncLists.Report r = calls.withTelephony(tenant, (ops, t) -> ops.addDnc(t, entries, reason));
            System.out.printf("免打扰号码：共 %d 行，新增 %d，已存在 %d，无效 %d%n", r.rows(), r.added(), r.duplicates(), r.rejected());
            r.errors().forEach(e -> System.out.println("  " + e.message()));
            return r.rejected() > 0 && r.added() + r.duplicates() == 0 ? 2 : 0;
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "列出免打扰号码及来源。")
        void list(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                  @Option(names = "--kind", description = "dnc（免打扰名单）或 opt_out（通话中拒绝/退订）") String kind,
                  @Option(names = "--limit", defaultValue = "1000", description = "最多列出（默认 ${DEFAULT-VALUE}）") int limit) {
            List<DncLists.View> rows = calls.withTelephony(tenant, (ops, t) -> ops.dnc(t, kind, 0, Math.max(1, limit)));
            rows.forEach(v -> System.out.println(v.phone() + "\t" + v.kind() + "\t" + v.source() + "\t" + v.reason() + "\t" + v.at()));
            System.out.println("共 " + rows.size() + " 个号码");
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "移出一个号码。")
        void remove(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                    @Parameters(paramLabel = "NUMBER", description = "号码") String number) {
            System.out.println("已移出 " + calls.withTelephony(tenant, (ops, t) -> ops.removeDnc(t, number)));
        }
    }

    @Command(name = "caller-id", mixinStandardHelpOptions = true,
            description = "本租户登记的主叫号码：任务只能用这些号码外显；未登记任何号码时用配置 zhiyu.telephony.caller.ids。")
    static final class CallerId {
        @ParentCommand
        CallsCommand calls;


        @Command(name = "add", mixinStandardHelpOptions = true, description = "登记主叫号码。")
        void add(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                 @Option(names = "--label", description = "说明") String label,
                 @Parameters(paramLabel = "NUMBER", description = "号码") String number) {
            ContactRules.CallerId c = calls.withTelephony(tenant, (ops, t) -> ops.addCallerId(t, number, label));
            System.out.println("已登记主叫号码 " + c.number());
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "列出登记的主叫号码及任务当前可用的号码。")
        void list(@Option(names = "--tenant", required = true, description = "租户标识") String tenant) {
            CallerIds.View v = calls.withTelephony(tenant, TelephonyOperations::callerIds);
            v.registered().forEach(c -> System.out.println(c.number() + "\t" + c.label() + "\t" + c.addedAt()));
            System.out.println("可用主叫号码：" + String.join(", ", v.effective())
                    + ("default".equals(v.source()) ? "（未登记，使用配置的默认号码）" : ""));
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "注销一个主叫号码。")
        void remove(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                    @Parameters(paramLabel = "NUMBER", description = "号码") String number) {
            System.out.println("已注销主叫号码 " + calls.withTelephony(tenant, (ops, t) -> ops.removeCallerId(t, number)));
        }
    }

    @Command(name = "holiday", mixinStandardHelpOptions = true,
            description = "本租户的节假日日历：这些日期本租户的任何任务都不拨打（运行中的任务也一样）。")
    static final class Holiday {
        @ParentCommand
        CallsCommand calls;


        @Command(name = "add", mixinStandardHelpOptions = true, description = "添加日期（任一日期无效则不添加）。")
        void add(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                 @Option(names = "--name", description = "名称，例如 国庆节") String name,
                 @Parameters(paramLabel = "DATE", arity = "1..*", description = "日期，例如 2026-10-01") List<String> dates) {
            Holidays.Added a = calls.withTelephony(tenant, (ops, t) -> ops.addHolidays(t, dates, name));
            System.out.println("节假日：新增 " + a.added() + "，已存在 " + a.existing());
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "列出节假日。")
        void list(@Option(names = "--tenant", required = true, description = "租户标识") String tenant) {
            List<ContactRules.Holiday> days = calls.withTelephony(tenant, TelephonyOperations::holidays);
            days.forEach(d -> System.out.println(d.date() + "\t" + d.name()));
            System.out.println("共 " + days.size() + " 天");
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "移除一个日期。")
        void remove(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                    @Parameters(paramLabel = "DATE", description = "日期") String date) {
            System.out.println("已移除 " + calls.withTelephony(tenant, (ops, t) -> ops.removeHoliday(t, date)));
        }
    }
}
