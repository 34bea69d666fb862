package dev.zhiyu.server.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Embedded default: one H2 file per tenant under {@code <data>/tenants/<slug>/}. */
final class H2TenantDatabases extends PooledTenantDatabases {
    private final Path root;

    H2TenantDatabases(Path dataDir, int poolSize) {
        super(poolSize);
        this.root = dataDir.resolve("tenants");
    }

    @Override
    public String kind() {
        return "h2";
    }

    @Override
    String jdbcUrl(String slug) {
        // IFEXISTS keeps a typo or a dropped tenant from silently creating an empty database.
        return "jdbc:h2:file:" + dir(slug).resolve("tenant") + ";AUTO_SERVER=TRUE;IFEXISTS=TRUE";
    }

    @Override
    String user(String slug) {
        return "";
    }

    @Override
    String password(String slug) {
        return "";
    }

    @Override
    public String create(String slug) {
        Path dir = dir(slug);
        if (Files.exists(dir)) {
            throw Failure.conflict("slug", "租户 " + slug + " 的数据库目录已存在：" + dir);
        }
        try {
            Files.createDirectories(dir);
            // Opening without IFEXISTS creates the file; the pool then opens it with IFEXISTS.
            try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("tenant"))) {
                c.isValid(1);
            }
        } catch (IOException | java.sql.SQLException e) {
            throw Failure.unavailable("创建 H2 租户库失败：" + e.getMessage(), e);
        }
        return dir.toString();
    }

    @Override
    public void drop(String slug) {
        closePool(slug);
        Path dir = dir(slug);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("删除租户库目录失败：" + dir, e);
        }
    }

    private Path dir(String slug) {
        return root.resolve(slug);
    }
}
