package dev.zhiyu.server;

import dev.zhiyu.server.http.ApiServer;
import dev.zhiyu.server.platform.Platform;
import java.util.function.Consumer;

/** The running server: the platform (databases) plus the HTTP API. */
public final class ZhiyuServer implements AutoCloseable {
    private final Platform platform;
    private final Services services;
    private final ApiServer api;

    private ZhiyuServer(Platform platform, Services services, ApiServer api) {
        this.platform = platform;
        this.services = services;
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
            Services services = Services.create(config, platform);
            services.reports().recoverInterrupted();
            return new ZhiyuServer(platform, services, new ApiServer(config, platform, services).start());
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

    public Services services() {
        return services;
    }

    public ApiServer api() {
        return api;
    }

    @Override
    public void close() {
        Closeables.closeAll(api, services, platform);
    }
}
