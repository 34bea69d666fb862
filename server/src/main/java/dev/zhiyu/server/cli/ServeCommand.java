package dev.zhiyu.server.cli;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.ZhiyuServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "启动服务。无配置时使用嵌入式默认：数据目录下的 H2 文件库，并准备演示租户 demo。")
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    ZhiyuCommand root;

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = root.config();
        long t0 = System.nanoTime();
        AtomicReference<DemoTenant.Access> demoAccess = new AtomicReference<>();
        ZhiyuServer server = ZhiyuServer.start(config, platform -> {
            if (config.demo()) {
                demoAccess.set(DemoTenant.ensure(platform));
            }
        });
        DemoTenant.Access demo = demoAccess.get();
        CountDownLatch stopped = new CountDownLatch(1);
        StopSignals.install(server::close, stopped::countDown);
        String host = config.host().equals("0.0.0.0") ? "localhost" : config.host();
        String url = "http://" + host + ":" + server.port() + "/";
        System.out.printf("智语 Zhiyu 已启动，用时 %.1f 秒（%s）%n", (System.nanoTime() - t0) / 1e9,
                config.usesPostgres() ? "PostgreSQL" : "嵌入式 H2，数据目录 " + config.dataDir());
        System.out.println("控制台:   " + url);
        System.out.println("健康检查: " + url + "health    接口文档: " + url + "openapi.json");
        if (demo != null) {
            System.out.println("演示租户: " + demo.tenant().slug() + "（" + demo.tenant().name() + "）  用户名: "
                    + demo.username() + (demo.password() != null ? "  密码: " + demo.password() + "（只显示这一次，请妥善保存）" : ""));
            if (demo.apiKey() != null) {
                System.out.println("API 密钥（首次签发，只显示这一次，请妥善保存）: " + demo.apiKey());
            }
            if (!demo.madeSecrets()) {
                System.out.println("          密码和 API 密钥只在首次启动时显示。忘记了可以重设密码或另发密钥：");
                System.out.println("          bin/zhiyu user password --tenant " + demo.tenant().slug() + " --username " + demo.username());
                System.out.println("          bin/zhiyu apikey create --tenant " + demo.tenant().slug() + " --name 我的密钥 --role admin");
            }
            String key = demo.apiKey() != null ? demo.apiKey() : "<API 密钥>";
            System.out.println("试一下:   curl -H 'Authorization: Bearer " + key + "' " + url + "api/tenant");
            DemoTenant.seedGraph(server.services().graphs(), demo.tenant());
            DemoTenant.startDemoTask(server.services().telephony(), demo.tenant()).ifPresent(task -> {
                System.out.println("演示外呼任务已启动（内置 FreeSWITCH 模拟器，模拟客户用中文应答）：");
                System.out.println("          curl -H 'Authorization: Bearer " + key + "' " + url + "api/tasks/" + task + "/stats");
            });
        }
        System.out.println("按 Ctrl+C 停止。");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
