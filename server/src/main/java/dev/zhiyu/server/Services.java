package dev.zhiyu.server;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.reports.ReportService;
import dev.zhiyu.server.telephony.TelephonyService;
import java.time.Clock;
import java.time.ZoneId;

/** The capabilities the server exposes, built once over the platform and closed with the server. */
public record Services(DialogService dialogs, TenantGraphs graphs, TelephonyService telephony,
                       ReportService reports) implements AutoCloseable {

    public static Services create(ServerConfig config, Platform platform) {
        Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
        DialogService dialogs = new DialogService(platform, GenericIntents.memoized(config.intentModel()), clock);
        return new Services(dialogs, new TenantGraphs(config.dataDir()),
                new TelephonyService(platform, dialogs, config.telephony(), clock).start(),
                new ReportService(platform, config.reports(), config.dataDir()));
    }

    @Override
    public void close() {
        reports.close();
        telephony.close();
        graphs.close();
    }
}
