package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.tasks.TaskRequest;
import java.util.Map;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "task", mixinStandardHelpOptions = true,
        description = "外呼任务：创建、启动、暂停、停止、统计。任务状态存于租户数据库，运行中的服务数秒内接手。")
final class TaskCommand {
    @ParentCommand
    ZhiyuCommand root;

    /** Runs {@code f} with the tenant and the operations the HTTP API uses too, on the tenant's database. */
    private <T> T withTelephony(String tenant, BiFunction<TelephonyOperations, Tenant, T> f) {
        try (Platform p = root.openPlatform()) {
            return f.apply(TelephonyOperations.offline(p.stores(), root.config().telephony()), p.tenants().get(tenant));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "用名单和场景创建任务（状态：未开始）。")
    void create(@Option(names = "--tenant", required = true, description = "租户标识") String tenant,
                @Option(names = "--list", required = true, description = "名单编号") String list,
                @Option(names = "--scenario", defaultValue = "account-opening-callback", description = "场景（默认 ${DEFAULT-VALUE}）") String scenario,
                @Option(names = "--name", description = "任务名称") String name,
                @Option(names = "--window", defaultValue = "09:00-20:00", description = "呼叫时段（默认 ${DEFAULT-VALUE}，24:00 表示全天结束）") String window,
                @Option(names = "--max-concurrent", description = "并发上限（默认 10）") Integer maxConcurrent,
                @Option(names = "--cps", description = "每秒呼叫上限（默认 5）") Integer cps,
                @Option(names = "--max-attempts", description = "每个号码最多尝试次数（默认 3）") Integer maxAttempts,
                @Option(names = "--daily-cap", description = "每个号码每天最多被呼叫次数（默认 2）") Integer dailyCap,
                @Option(names = "--pacing", description = "progressive（逐个呼叫，默认）或 predictive（预测式，接通即转坐席）") String pacing,
                @Option(names = "--agent-queue", description = "预测式外呼转接的 mod_callcenter 坐席队列，例如 sales@default") String agentQueue) {
        String[] w = window.split("-");
        if (w.length != 2) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--window 应形如 09:00-20:00");
        }
        StoredTask t = withTelephony(tenant, (ops, tt) -> ops.createTask(tt, new TaskRequest(name, list, scenario,
                w[0], w[1], null, null, maxConcurrent, cps, maxAttempts, dailyCap, null, null, null, pacing, agentQueue)));
        System.out.println("已创建任务 " + t.spec().id() + "（" + t.name() + "，名单 " + t.spec().listId() + "，场景 "
                + t.spec().scenario() + (t.predictive() ? "，预测式外呼转坐席队列 " + t.agentQueue() : "") + "）");
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "启动任务（运行中的服务开始拨打）。")
    void start(@Option(names = "--tenant", required = true) String tenant, @Parameters(paramLabel = "TASK") String task) {
        control(tenant, task, "start");
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "暂停任务（进行中的通话打完）。")
    void pause(@Option(names = "--tenant", required = true) String tenant, @Parameters(paramLabel = "TASK") String task) {
        control(tenant, task, "pause");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "恢复已暂停的任务。")
    void resume(@Option(names = "--tenant", required = true) String tenant, @Parameters(paramLabel = "TASK") String task) {
        control(tenant, task, "resume");
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "停止任务（不可再启动）。")
    void stop(@Option(names = "--tenant", required = true) String tenant, @Parameters(paramLabel = "TASK") String task) {
        control(tenant, task, "stop");
    }

    private void control(String tenant, String task, String verb) {
        StoredTask t = withTelephony(tenant, (ops, tt) -> ops.control(tt, task, verb));
        System.out.println("任务 " + task + " 现为 " + t.status());
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "任务统计：拨打、接通、结果分布、转化漏斗。")
    void stats(@Option(names = "--tenant", required = true) String tenant, @Parameters(paramLabel = "TASK") String task) {
        Map<String, Object> s = withTelephony(tenant, (ops, tt) -> ops.stats(tt, task));
        s.forEach((k, v) -> System.out.println(k + ": " + v));
    }
}
