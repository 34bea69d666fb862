package dev.zhiyu.server;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.knowledge.TenantGraphs;
import dev.zhiyu.server.models.ModelService;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.reports.ReportService;
import dev.zhiyu.server.telephony.TelephonyService;
import java.time.Clock;
import java.time.ZoneId;

/** The capabilities the server exposes, built once over the platform and closed with the server. */
public record Services(DialogService dialogs, TenantGraphs graphs, TelephonyService telephony,
                       ReportService reports, ModelService models) implements AutoCloseable {

    /** Without the model lifecycle (its routes are then not served). */
    public Services(DialogService dialogs, TenantGraphs graphs, TelephonyService telephony, ReportService reports) {
        this(dialogs, graphs, telephony, reports, null);
    }

    public static Services create(ServerConfig config, Platform platform) {
        Clock clock = Clock.system(ZoneId.of("Asia/Shanghai"));
        var generic = GenericIntents.memoized(config.intentModel());
        ModelService models = new ModelService(platform, config.dataDir(), ModelService.MACHINE_TRAININGS, generic, clock);
        var outbound = new dev.zhiyu.server.net.OutboundHttp(config.outbound());
        DialogService dialogs = new DialogService(platform, generic, clock, models)
                .withOutbound(new dev.zhiyu.server.net.OutboundHttp(config.outbound(), java.time.Duration.ofSeconds(2)))
                .withFaq(config.dataDir().resolve("faq"));
        models.connect(dialogs);
        TenantGraphs graphs = new TenantGraphs(config.dataDir());
        platform.tenants().list().stream().filter(t -> java.nio.file.Files.isDirectory(graphs.tenantDir(t.slug())))
                .forEach(t -> graphs.warm(t.slug())); // opened in the background: the first request finds them ready
        return new Services(dialogs, graphs,
                new TelephonyService(platform, dialogs, config.telephony(), clock).start(),
                new ReportService(platform, config.reports(), config.dataDir(), outbound).withModels(models::of), models);
    }

    /** Calls first (they still use the dialogs, models and databases), then the rest; a failing part skips none. */
    @Override
    public void close() {
        Closeables.closeAll(telephony, reports, models, graphs);
    }
}
