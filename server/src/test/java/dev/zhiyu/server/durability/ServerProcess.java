package dev.zhiyu.server.durability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real server, the packaged {@code zhiyu-server.jar}, in its own JVM so it can be killed with SIGKILL. Its
 * output goes to a log file beside its configuration.
 */
final class ServerProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path config;
    private final Path log;
    private final int port;
    private Process process;

    private ServerProcess(Path config, Path log, int port) {
        this.config = config;
        this.log = log;
        this.port = port;
    }

    /** Writes the properties (with a free port) to {@code dir/zhiyu.properties}; nothing runs yet. */
    static ServerProcess configure(Path dir, Map<String, String> properties) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("zhiyu.port", String.valueOf(port));
        p.setProperty("zhiyu.host", "127.0.0.1");
        Path config = dir.resolve("zhiyu.properties");
        try (var w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            p.store(w, "crash harness");
        }
        return new ServerProcess(config, dir.resolve("server.log"), port);
    }

    int port() {
        return port;
    }

    /** Runs one CLI command to completion (e.g. {@code tenant create}) and returns its standard output. */
    String cli(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(config.getParent(), "cli", ".out");
        Process p = builder(args).redirectOutput(out.toFile()).redirectErrorStream(true).start();
        int code = p.waitFor();
        String text = Files.readString(out);
        if (code != 0) {
            throw new IllegalStateException("zhiyu " + String.join(" ", args) + " 退出码 " + code + "：" + text);
        }
        return text;
    }

    /** Starts {@code serve} and waits until {@code /health} answers 200. */
    void start(Duration timeout) throws IOException, InterruptedException {
        process = builder("serve").redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("服务进程已退出（" + process.exitValue() + "），日志：" + tail());
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("服务 " + timeout.toSeconds() + " 秒内未就绪，日志：" + tail());
    }

    /** SIGKILL: no shutdown hook, no flush, no close. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** SIGTERM, as a service manager or Ctrl+C stops the server; returns the exit code once it has stopped. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("服务收到 SIGTERM 后 " + timeout.toSeconds() + " 秒仍未退出");
        }
        return process.exitValue();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    String tail() throws IOException {
        if (!Files.exists(log)) {
            return "(无日志)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The packaged server, run as {@code bin/zhiyu} runs it (a long {@code -cp} instead crashes ONNX Runtime's loader). */
    private ProcessBuilder builder(String... args) {
        Path jar = Path.of(System.getProperty("zhiyu.server.jar", "target/zhiyu-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("找不到服务 jar " + jar.toAbsolutePath() + "：请用 mvn verify 运行（打包后才跑集成测试）");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", jar.toString(), "--config", config.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
