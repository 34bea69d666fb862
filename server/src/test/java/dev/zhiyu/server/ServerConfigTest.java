package dev.zhiyu.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void embeddedDefaultPutsH2UnderTheDataDirectory() {
        ServerConfig c = ServerConfig.load(null, Map.of("ZHIYU_DATA_DIR", dir.toString()));
        assertFalse(c.usesPostgres());
        assertTrue(c.platformDbUrl().startsWith("jdbc:h2:file:" + dir.resolve("platform")), c.platformDbUrl());
        assertEquals(8080, c.port());
        assertTrue(c.demo());
    }

    @Test
    void environmentOverridesTheFile() throws IOException {
        Path file = dir.resolve("zhiyu.properties");
        Files.writeString(file, "zhiyu.port=9000\nzhiyu.platform.db.url=jdbc:postgresql://db:5432/zhiyu\nzhiyu.demo=false\n");
        ServerConfig c = ServerConfig.load(file, Map.of("ZHIYU_PORT", "9100"));
        assertEquals(9100, c.port());
        assertTrue(c.usesPostgres());
        assertFalse(c.demo());
    }

    @Test
    void mistakesAreNamed() throws IOException {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "zhiyu.prot=9000\n");
        assertTrue(assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.load(file, Map.of()))
                .getMessage().contains("zhiyu.prot"));
        assertTrue(assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.load(null, Map.of("ZHIYU_PORT", "eighty"))).getMessage().contains("zhiyu.port"));
        assertTrue(assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.load(null, Map.of("ZHIYU_PLATFORM_DB_URL", "jdbc:mysql://x/y"))).getMessage()
                .contains("jdbc:postgresql"));
        assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.load(null, Map.of("ZHIYU_DEMO", "yes")));
        assertThrows(ServerConfig.ConfigException.class, () -> ServerConfig.load(dir.resolve("missing.properties"), Map.of()));
        assertTrue(assertThrows(ServerConfig.ConfigException.class,
                () -> ServerConfig.load(null, Map.of("ZHIYU_SMTP_STARTTLS", "yes"))).getMessage().contains("zhiyu.smtp.starttls"));
    }

    @Test
    void smtpRelayWithAuthAndStartTls() {
        var smtp = ServerConfig.load(null, Map.of("ZHIYU_SMTP_HOST", "mail.example.com", "ZHIYU_SMTP_PORT", "587",
                "ZHIYU_SMTP_USER", "news", "ZHIYU_SMTP_PASSWORD", "s3cret", "ZHIYU_SMTP_STARTTLS", "required")).reports().smtp();
        assertTrue(smtp.configured() && smtp.authenticates());
        assertEquals("mail.example.com:587 news s3cret REQUIRED",
                smtp.host() + ":" + smtp.port() + " " + smtp.user() + " " + smtp.password() + " " + smtp.startTls());
        var none = ServerConfig.load(null, Map.of()).reports().smtp();
        assertFalse(none.configured() || none.authenticates());
        assertEquals(dev.zhiyu.reports.delivery.SmtpSettings.StartTls.OFF, none.startTls());
    }
}
