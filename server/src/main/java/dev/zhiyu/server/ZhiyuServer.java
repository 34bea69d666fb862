package dev.zhiyu.server;

import dev.zhiyu.server.http.ApiServer;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.platform.Platform;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Consumer;

/** The running server: the platform (databases) plus the HTTP API. */
public final class ZhiyuServer implements AutoCloseable {
    private final Platform platform;
    private final ApiServer api;

    private ZhiyuServer(Platform platform, ApiServer api) {
        this.platform = platform;
        this.api = api;
    }

    /** Opens and migrates the platform and every tenant database, then starts serving. */
    public static ZhiyuServer start(ServerConfig config) {
        return start(config, p -> { });
    }

    /** As {@link #start(ServerConfig)}, running {@code beforeServing} once the databases are ready. */
    public static ZhiyuServer start(ServerConfig config, Consumer<Platform> beforeServing) {
        Platform platform = Platform.open(config);
        try {
            platform.startUp();
            beforeServing.accept(platform);
            DialogService dialogs = new DialogService(platform, GenericIntents.memoized(config.intentModel()),
                    Clock.system(ZoneId.of("Asia/Shanghai")));
            return new ZhiyuServer(platform, new ApiServer(config, platform, dialogs).start());
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public int port() {
        return api.port();
    }

    public Platform platform() {
        return platform;
    }

    public ApiServer api() {
        return api;
    }

    @Override
    public void close() {
        api.close();
        platform.close();
    }
}
