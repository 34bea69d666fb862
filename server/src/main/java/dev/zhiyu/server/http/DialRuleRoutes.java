package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.server.telephony.TelephonyService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** The tenant's own dialling rules: its registered caller numbers and its holiday calendar. */
final class DialRuleRoutes {

    record CallerIdRequest(String number, String label) {
    }

    record HolidayRequest(List<String> dates, String name) {
    }

    private final TelephonyOperations telephony;

    DialRuleRoutes(TelephonyService telephony) {
        this.telephony = telephony.operations();
    }

    void register(RoutesConfig r) {
        r.get("/api/calls/caller-ids", ctx -> ctx.json(telephony.callerIds(tenant(ctx))));
        r.post("/api/calls/caller-ids", this::addCallerId);
        r.delete("/api/calls/caller-ids/{number}", ctx -> ctx.json(Map.of("removed",
                telephony.removeCallerId(tenant(ctx), ctx.pathParam("number")))));
        r.get("/api/calls/holidays", ctx -> ctx.json(telephony.holidays(tenant(ctx))));
        r.post("/api/calls/holidays", ctx -> {
            HolidayRequest in = Json.read(ctx, HolidayRequest.class);
            ctx.json(telephony.addHolidays(tenant(ctx), in.dates(), in.name()));
        });
        r.delete("/api/calls/holidays/{date}", ctx -> ctx.json(Map.of("removed",
                telephony.removeHoliday(tenant(ctx), ctx.pathParam("date")))));
        r.get("/api/calls/recording-retention", ctx -> ctx.json(new Retention(telephony.recordingRetention(tenant(ctx)))));
        r.put("/api/calls/recording-retention", ctx -> ctx.json(new Retention(telephony.recordingRetention(tenant(ctx),
                Json.read(ctx, Retention.class).days()))));
    }

    /** Days the tenant's call recordings are kept after the call; null keeps them for ever. */
    record Retention(Integer days) {
    }

    private static Tenant tenant(Context ctx) {
        return Requests.principal(ctx).tenant();
    }

    private void addCallerId(Context ctx) {
        CallerIdRequest in = Json.read(ctx, CallerIdRequest.class);
        ctx.status(201).json(telephony.addCallerId(tenant(ctx), in.number(), in.label()));
    }
}
