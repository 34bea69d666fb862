package dev.zhiyu.server.http;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.ListImport;
import dev.zhiyu.server.telephony.TelephonyService;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The other side of the crash test in {@link CallListImportsContract}: a server in its own JVM starts a background
 * import of a file, says {@code IMPORTING <job> <list>} once rows are being written, and waits to be killed.
 * Arguments: the server's properties file, the tenant, the call-list file.
 */
public final class ListImportCrashChild {
    private ListImportCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(args[0]))) {
            props.load(r);
        }
        Map<String, String> config = new HashMap<>();
        props.forEach((k, v) -> config.put(k.toString(), v.toString()));
        ZhiyuServer server = ZhiyuServer.start(ServerConfig.fromMap(config));
        Tenant tenant = server.platform().tenants().get(args[1]);
        TelephonyService telephony = server.services().telephony();
        Path file = Path.of(args[2]);
        Path spool = Files.createTempFile("zhiyu-crash-", ".part");
        Files.copy(file, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ListImport job = telephony.submitListImport(tenant, null, "崩溃名单", file.getFileName().toString(), spool, null,
                "crash-test");
        while (true) {
            ListImport now = telephony.listImport(tenant, job.id());
            if (now.status().equals(ListImport.IMPORTING) && now.rowsRead() > 0) {
                System.out.println("IMPORTING " + now.id() + " " + now.listId() + " " + now.rowsRead());
                System.out.flush();
                break;
            }
            if (!now.running()) {
                System.out.println("FINISHED " + now);
                System.out.flush();
                break;
            }
            Thread.sleep(10);
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
