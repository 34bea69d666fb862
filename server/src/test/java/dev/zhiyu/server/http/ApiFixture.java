package dev.zhiyu.server.http;

import dev.zhiyu.server.ServerConfig;
import dev.zhiyu.server.Services;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.reports.ReportService;
import dev.zhiyu.server.telephony.TelephonyService;
import java.time.Clock;
import java.time.ZoneId;
import java.util.function.Function;

/**
 * The production API (guard, problem mapping, every route) over services a test builds itself, e.g. telephony with
 * a controllable clock. The test keeps owning the platform.
 */
final class ApiFixture implements AutoCloseable {
    private final ApiServer api;
    private final Services services;

    private ApiFixture(ApiServer api, Services services) {
        this.api = api;
        this.services = services;
    }

    static ApiFixture start(ServerConfig config, Platform platform, Function<DialogService, TelephonyService> telephony) {
        DialogService dialogs = new DialogService(platform, GenericIntents.memoized("builtin:generic-maxent"),
                Clock.system(ZoneId.of("Asia/Shanghai")));
        Services services = new Services(dialogs, new TenantGraphs(config.dataDir()), telephony.apply(dialogs),
                new ReportService(platform, false));
        return new ApiFixture(new ApiServer(config, platform, services).start(), services);
    }

    int port() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        services.close();
    }
}
