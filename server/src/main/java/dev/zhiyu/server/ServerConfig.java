package dev.zhiyu.server;

import dev.zhiyu.reports.delivery.SmtpSettings;
import dev.zhiyu.server.reports.ReportSettings;
import dev.zhiyu.server.telephony.TelephonyConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Server configuration: defaults, then a properties file, then {@code ZHIYU_*} environment variables
 * ({@code zhiyu.platform.db.url} ↔ {@code ZHIYU_PLATFORM_DB_URL}).
 */
public record ServerConfig(
        Path dataDir,
        String host,
        int port,
        String platformDbUrl,
        String platformDbUser,
        String platformDbPassword,
        boolean demo,
        long maxBodyBytes,
        long maxUploadBytes,
        int tenantDbPoolSize,
        int tenantMaxConcurrentRequests,
        String intentModel,
        TelephonyConfig telephony,
        ReportSettings reports,
        boolean secureCookies,
        dev.zhiyu.server.net.OutboundPolicy outbound) {

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("zhiyu.data.dir", "data");
        d.put("zhiyu.host", "0.0.0.0");
        d.put("zhiyu.port", "8080");
        d.put("zhiyu.platform.db.url", "");
        d.put("zhiyu.platform.db.user", "");
        d.put("zhiyu.platform.db.password", "");
        d.put("zhiyu.demo", "true");
        d.put("zhiyu.http.max.body.bytes", "1048576");
        d.put("zhiyu.http.max.upload.bytes", "104857600");
        d.put("zhiyu.tenant.db.pool.size", "4");
        d.put("zhiyu.tenant.max.concurrent.requests", "64");
        d.put("zhiyu.dialog.intent.model", "builtin:generic");
        d.putAll(TelephonyConfig.DEFAULTS);
        d.put("zhiyu.reports.review", "false");
        d.put("zhiyu.reports.inbox.scan.seconds", "10");
        d.put("zhiyu.reports.fetch.hosts", ReportSettings.DEFAULT_FETCH_HOSTS);
        d.put("zhiyu.reports.dev.pdfs", "");
        d.put("zhiyu.smtp.host", "");
        d.put("zhiyu.smtp.port", "25");
        d.put("zhiyu.smtp.from", "zhiyu@localhost");
        d.put("zhiyu.smtp.user", "");
        d.put("zhiyu.smtp.password", "");
        d.put("zhiyu.smtp.starttls", "off");
        d.put("zhiyu.http.secure.cookies", "false");
        d.put("zhiyu.http.outbound.allow", "");
        return Map.copyOf(d);
    }

    public boolean usesPostgres() {
        return platformDbUrl.startsWith("jdbc:postgresql:");
    }

    /** Loads the file (if given or if {@code ./zhiyu.properties} exists), then applies the environment. */
    public static ServerConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Path chosen = file != null ? file : env.containsKey("ZHIYU_CONFIG") ? Path.of(env.get("ZHIYU_CONFIG")) : null;
        if (chosen == null && Files.exists(Path.of("zhiyu.properties"))) {
            chosen = Path.of("zhiyu.properties");
        }
        if (chosen != null) {
            values.putAll(readFile(chosen));
        }
        for (String key : DEFAULTS.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        return fromMap(values);
    }

    public static ServerConfig fromMap(Map<String, String> overrides) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        v.putAll(overrides);
        rejectUnknown(v.keySet(), "配置");
        Path dataDir = Path.of(v.get("zhiyu.data.dir")).toAbsolutePath().normalize();
        String url = v.get("zhiyu.platform.db.url").isBlank()
                ? "jdbc:h2:file:" + dataDir.resolve("platform").resolve("platform") + ";AUTO_SERVER=TRUE"
                : v.get("zhiyu.platform.db.url");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("zhiyu.platform.db.url 只支持 jdbc:h2: 或 jdbc:postgresql:，当前为 " + url);
        }
        return new ServerConfig(dataDir, v.get("zhiyu.host"),
                intIn(v, "zhiyu.port", 0, 65535), url,
                v.get("zhiyu.platform.db.user"), v.get("zhiyu.platform.db.password"),
                bool(v, "zhiyu.demo"),
                longIn(v, "zhiyu.http.max.body.bytes", 1024, 1L << 30),
                longIn(v, "zhiyu.http.max.upload.bytes", 1024, 1L << 32),
                intIn(v, "zhiyu.tenant.db.pool.size", 1, 100),
                intIn(v, "zhiyu.tenant.max.concurrent.requests", 1, 100_000),
                v.get("zhiyu.dialog.intent.model"),
                telephony(v),
                new ReportSettings(bool(v, "zhiyu.reports.review"), intIn(v, "zhiyu.reports.inbox.scan.seconds", 0, 86_400),
                        ReportSettings.hosts(v.get("zhiyu.reports.fetch.hosts")), smtp(v),
                        optionalPath(v.get("zhiyu.reports.dev.pdfs"))),
                bool(v, "zhiyu.http.secure.cookies"),
                outbound(v.get("zhiyu.http.outbound.allow")));
    }

    private static Path optionalPath(String value) {
        return value.isBlank() ? null : Path.of(value.strip()).toAbsolutePath().normalize();
    }

    private static dev.zhiyu.server.net.OutboundPolicy outbound(String allow) {
        try {
            return dev.zhiyu.server.net.OutboundPolicy.allowing(allow);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("zhiyu.http.outbound.allow：" + e.getMessage());
        }
    }

    private static SmtpSettings smtp(Map<String, String> v) {
        SmtpSettings.StartTls startTls;
        try {
            startTls = SmtpSettings.StartTls.parse(v.get("zhiyu.smtp.starttls"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("zhiyu.smtp.starttls：" + e.getMessage());
        }
        return SmtpSettings.relay(v.get("zhiyu.smtp.host").strip(), intIn(v, "zhiyu.smtp.port", 1, 65535),
                v.get("zhiyu.smtp.from").strip())
                .withAuth(v.get("zhiyu.smtp.user").strip(), v.get("zhiyu.smtp.password")).withStartTls(startTls);
    }

    private static TelephonyConfig telephony(Map<String, String> v) {
        try {
            return TelephonyConfig.fromMap(v);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private static Map<String, String> readFile(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException("读不了配置文件 " + file + "：" + e.getMessage());
        }
        Map<String, String> m = new LinkedHashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).trim()));
        rejectUnknown(m.keySet(), "配置文件 " + file);
        return m;
    }

    private static void rejectUnknown(Set<String> keys, String where) {
        for (String k : keys) {
            if (!DEFAULTS.containsKey(k)) {
                throw new ConfigException(where + " 中有未知配置项 " + k + "；可用的有 " + DEFAULTS.keySet());
            }
        }
    }

    private static boolean bool(Map<String, String> v, String key) {
        String s = v.get(key).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key + " 应为 true 或 false，当前为 " + v.get(key));
    }

    private static int intIn(Map<String, String> v, String key, int min, int max) {
        return (int) longIn(v, key, min, max);
    }

    private static long longIn(Map<String, String> v, String key, long min, long max) {
        try {
            long n = Long.parseLong(v.get(key).trim());
            if (n < min || n > max) {
                throw new ConfigException(key + " 应在 " + min + " 到 " + max + " 之间，当前为 " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " 应为整数，当前为 " + v.get(key));
        }
    }

    /** A configuration value that cannot be used; the message says which key and what is allowed. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
