package dev.zhiyu.server.cli;

import dev.zhiyu.server.platform.ApiKey;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.platform.User;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The demo tenant of the embedded default. Secrets are stored hashed, so each start issues a fresh demo key
 * (revoking the previous one) and a fresh admin password, and prints them once.
 */
final class DemoTenant {
    static final String SLUG = "demo";
    static final String ADMIN = "admin";
    private static final String KEY_NAME = "演示启动密钥";

    record Access(Tenant tenant, String username, String password, String apiKey) {
    }

    private DemoTenant() {
    }

    static Access ensure(Platform platform) {
        Tenant tenant = platform.tenants().find(SLUG)
                .orElseGet(() -> platform.tenants().create(SLUG, "演示证券", "demo-bootstrap"));
        String password = randomPassword();
        Optional<User> admin = platform.users().findByUsername(tenant.id(), ADMIN);
        if (admin.isPresent()) {
            platform.users().setPassword(tenant.id(), admin.get().id(), password);
        } else {
            platform.users().create(tenant.id(), ADMIN, "演示管理员", "admin", password);
        }
        for (ApiKey k : platform.keys().list(tenant.id())) {
            if (k.name().equals(KEY_NAME) && k.revokedAt() == null) {
                platform.keys().revoke(tenant.id(), k.id());
            }
        }
        String key = platform.keys().create(tenant.id(), KEY_NAME, "admin", "demo-bootstrap").secret();
        return new Access(tenant, ADMIN, password, key);
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
