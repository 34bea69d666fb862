package dev.zhiyu.server.cli;

import dev.zhiyu.server.knowledge.DemoGraphs;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.User;
import dev.zhiyu.server.telephony.ListUploads;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.tasks.TaskRequest;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The demo tenant of the embedded default. Its admin password and API key are made on the first start (secrets are
 * stored hashed, so that is the only time they can be shown) and kept afterwards: later starts neither reset nor
 * print them, so a key seen once in a log or on a screen is not followed by a fresh one at every start. A demo admin
 * or key that has gone missing (deleted user, revoked key) is made again and shown once.
 */
final class DemoTenant {
    static final String SLUG = "demo";
    static final String ADMIN = "admin";
    private static final String KEY_NAME = "演示启动密钥";

    /** {@code password} and {@code apiKey} are null unless this start made them. */
    record Access(Tenant tenant, String username, String password, String apiKey) {
        boolean madeSecrets() {
            return password != null || apiKey != null;
        }
    }

    private DemoTenant() {
    }

    static Access ensure(Platform platform) {
        Tenant tenant = platform.tenants().find(SLUG)
                .orElseGet(() -> platform.tenants().create(SLUG, "演示证券", "demo-bootstrap"));
        String password = null;
        Optional<User> admin = platform.users().findByUsername(tenant.id(), ADMIN);
        if (admin.isEmpty()) {
            password = randomPassword();
            platform.users().create(tenant.id(), ADMIN, "演示管理员", "admin", password);
        }
        String key = null;
        boolean hasKey = platform.keys().list(tenant.id()).stream()
                .anyMatch(k -> k.name().equals(KEY_NAME) && k.revokedAt() == null);
        if (!hasKey) {
            key = platform.keys().create(tenant.id(), KEY_NAME, "admin", "demo-bootstrap").secret();
        }
        return new Access(tenant, ADMIN, password, key);
    }

    /**
     * In telephony demo mode (no FreeSWITCH configured), a demo call list and outbound task over the in-JVM
     * simulator, started once so the first run shows calls being dialled, talked through and finished.
     */
    static Optional<String> startDemoTask(TelephonyService service, Tenant tenant) {
        TelephonyOperations telephony = service.operations();
        if (!service.demo() || !telephony.tasks(tenant).isEmpty()) {
            return Optional.empty();
        }
        StringBuilder csv = new StringBuilder("phone,customer_name,stop_step\n");
        String[] names = {"王先生", "李女士", "张先生", "刘女士", "陈先生", "杨女士"};
        for (int i = 0; i < 24; i++) {
            csv.append("1380013").append(String.format("%04d", 8000 + i)).append(',').append(names[i % names.length])
                    .append(',').append(1 + i % 5).append('\n');
        }
        ListUploads.Upload list = telephony.importList(tenant, "demo-list", "演示名单", "demo.csv",
                new java.io.ByteArrayInputStream(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                null, "demo-bootstrap");
        var task = telephony.createTask(tenant, new TaskRequest("演示外呼：开户断点回访", list.listId(),
                "account-opening-callback", "00:00", "24:00", null, null, 4, 2, 1, null, null, null, null));
        telephony.control(tenant, task.spec().id(), "start");
        return Optional.of(task.spec().id());
    }

    /**
     * On the first start, the generated demo graph in the background (TDB2 writes take seconds), so 企业档案 has
     * companies to show without an import; said on the console when it is there or why it is not.
     */
    static Thread seedGraph(TenantGraphs graphs, Tenant tenant) {
        return Thread.ofVirtual().name("demo-kg").start(() -> {
            try {
                DemoGraphs.seedIfEmpty(graphs, tenant.slug()).ifPresent(r -> System.out.println(
                        "演示知识图谱已载入（虚构企业，" + r.accepted() + " 条事实），可在“企业档案”中查看。"));
            } catch (RuntimeException e) {
                System.err.println("演示知识图谱载入失败：" + e.getMessage() + "。可在“图谱导入”中手动导入数据。");
            }
        });
    }

    static String randomPassword() {
        String alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom r = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 14; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
