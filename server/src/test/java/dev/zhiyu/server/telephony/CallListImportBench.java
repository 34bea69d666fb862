package dev.zhiyu.server.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.server.TestStores;
import dev.zhiyu.server.ZhiyuServer;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Million-row call-list imports, end to end over HTTP on the production server: generates a CSV and an XLSX (Excel's
 * layout: shared strings, numeric phone cells) of {@code rows} customers in a temp directory, uploads each with
 * {@code POST /api/calls/lists?async=true} and polls {@code GET /api/calls/lists/imports/{id}} until the job is over
 * (完成, and its commit returned: on H2 that includes the checkpoint writing it to disk), on H2 and on PostgreSQL
 * (127.0.0.1:5432, user postgres). Prints, per store and format: upload seconds, import seconds (202 to over), total,
 * rows/s over the total, the peak heap, when the list became visible and the job's own phase timings. A benchmark,
 * not part of {@code bin/test} (the name does not end in Test; minutes, not seconds):
 * <pre>mvn -B -q -o -pl server verify -Dtest=CallListImportBench -Dsurefire.failIfNoSpecifiedTests=false -DskipITs \
 *   -DargLine=-Xmx1g</pre>
 * figures in {@code server/target/surefire-reports/dev.zhiyu.server.telephony.CallListImportBench-output.txt}.
 * {@code -Dzhiyu.bench.rows=} (1,000,000), {@code -Dzhiyu.bench.stores=} (h2,postgres) and
 * {@code -Dzhiyu.bench.formats=} (csv,xlsx) size it; {@link #main} takes the same three as arguments.
 */
public final class CallListImportBench {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void millionRowImports() throws Exception {
        run(Long.parseLong(System.getProperty("zhiyu.bench.rows", "1000000").replace("_", "").replace(",", "")),
                List.of(System.getProperty("zhiyu.bench.stores", "h2,postgres").split(",")),
                List.of(System.getProperty("zhiyu.bench.formats", "csv,xlsx").split(",")));
    }

    public static void main(String[] args) throws Exception {
        run(args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 1_000_000,
                List.of((args.length > 1 ? args[1] : "h2,postgres").split(",")),
                List.of((args.length > 2 ? args[2] : "csv,xlsx").split(",")));
        System.exit(0); // the demo telephony simulator's threads
    }

    static void run(long rows, List<String> stores, List<String> formats) throws Exception {
        Path dir = Files.createTempDirectory("zhiyu-list-bench-");
        List<String> results = new ArrayList<>();
        try {
            for (String format : formats) {
                long t0 = System.nanoTime();
                Path file = dir.resolve("list-" + rows + "." + format);
                if (format.equals("csv")) {
                    CallListFiles.csv(file, rows);
                } else {
                    CallListFiles.xlsx(file, rows);
                }
                System.out.printf(Locale.ROOT, "generated %s: %,d rows, %.1f MB in %.1f s%n", file.getFileName(), rows,
                        Files.size(file) / 1e6, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "JVM: %s, max heap %d MB, %d processors, load average %.1f%n", Runtime.version(),
                    Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            for (String store : stores) {
                try (TestStores s = store.equals("h2") ? TestStores.h2() : TestStores.postgres();
                     ZhiyuServer server = ZhiyuServer.start(s.config(Map.of(
                             "zhiyu.dialog.intent.model", "builtin:generic-maxent",
                             "zhiyu.telephony.list.max.rows", String.valueOf(Math.max(rows, 1_000_000)),
                             "zhiyu.http.max.upload.bytes", String.valueOf(1L << 31))))) {
                    Platform p = server.platform();
                    Tenant t = p.tenants().create("bench", "压测证券", "bench");
                    String key = p.keys().create(t.id(), "ops", "operator", "bench").secret();
                    for (String format : formats) {
                        results.add(run(server.port(), key, store, dir.resolve("list-" + rows + "." + format), format, rows));
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("store     format  rows        upload s  import s  total s  rows/s   peak heap MB (sum of pool peaks)");
        results.forEach(System.out::println);
    }

    private static String run(int port, String key, String store, Path file, String format, long rows) throws Exception {
        resetPeaks();
        long t0 = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/calls/lists?async=true&name=" + format + "-bench&filename=" + file.getFileName()))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", format.equals("csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (r.statusCode() != 202) {
            throw new IllegalStateException("上传失败 " + r.statusCode() + "：" + r.body());
        }
        long id = JSON.readTree(r.body()).get("id").asLong();
        JsonNode job;
        String last = "";
        while (true) {
            job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/calls/lists/imports/" + id)).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String status = job.get("status").asText();
            if (!status.equals(last)) {
                System.out.printf(Locale.ROOT, "  %s %s: %s at %.1f s (%,d rows read)%n", store, format, status,
                        (System.nanoTime() - t0) / 1e9, job.get("rowsRead").asLong());
                last = status;
            }
            if (status.equals("完成") || status.equals("失败")) {
                break;
            }
            Thread.sleep(200);
        }
        long visible = System.nanoTime();
        if (!job.get("status").asText().equals("完成") || job.get("imported").asLong() != rows) {
            throw new IllegalStateException("导入未按预期完成：" + job);
        }
        while (!job.get("phaseMillis").has("提交")) { // the commit has returned: on H2, also checkpointed to disk
            Thread.sleep(200);
            job = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/calls/lists/imports/" + id)).header("Authorization", "Bearer " + key).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        long t2 = System.nanoTime();
        double upload = (t1 - t0) / 1e9;
        double imp = (t2 - t1) / 1e9;
        double total = (t2 - t0) / 1e9;
        String line = String.format(Locale.ROOT,
                "%-9s %-7s %,-11d %8.1f  %8.1f  %7.1f  %,7.0f  %6d   visible after %.1f s, load %.1f, phases %s",
                store, format, rows, upload, imp, total, rows / total, peakHeapMb(), (visible - t0) / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), job.get("phaseMillis"));
        System.out.println(line);
        return line;
    }

    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak >> 20;
    }
}
