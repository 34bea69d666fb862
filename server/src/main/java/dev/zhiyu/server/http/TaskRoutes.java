package dev.zhiyu.server.http;

import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.server.telephony.CallEvent;
import dev.zhiyu.server.telephony.TelephonyOperations;
import dev.zhiyu.server.telephony.TelephonyService;
import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.StoredTask;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.tasks.TaskDefaults;
import dev.zhiyu.telephony.tasks.TaskRequest;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Outbound tasks: create, start/pause/resume/stop, statistics, call records, a live feed of call states. */
final class TaskRoutes {

    record TaskView(String id, String name, String status, String statusLabel, String listId, String scenario,
                    String windowStart, String windowEnd, String timeZone, List<String> holidays, int maxConcurrent,
                    int callsPerSecond, int maxAttempts, int perNumberDailyCap, Map<String, Long> retryMinutes,
                    List<String> callerIds, String pacing, String agentQueue, Instant createdAt, String waiting,
                    String mediaWarning) {
        /**
         * @param waiting      why a running task places no calls now (its nodes are down), else null
         * @param mediaWarning why its media path could not be verified when it was started (it runs on the module
         *                     check alone), else null
         */
        static TaskView of(StoredTask t, String waiting, String mediaWarning) {
            TaskSpec s = t.spec();
            return new TaskView(s.id(), t.name(), t.status().name(), t.status().label(), s.listId(), s.scenario(),
                    s.windowStart().toString(), s.windowEnd().equals(java.time.LocalTime.MAX) ? "24:00" : s.windowEnd().toString(),
                    s.zone().getId(), s.holidays().stream().map(Object::toString).sorted().toList(), s.maxConcurrent(),
                    s.callsPerSecond(), s.maxAttempts(), s.perNumberDailyCap(),
                    s.retryDelays().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            e -> e.getKey().name(), e -> e.getValue().toMinutes(), (a, b) -> a, java.util.TreeMap::new)),
                    s.callerIds(), t.pacing().id(), t.agentQueue(), t.createdAt(), waiting, mediaWarning);
        }
    }

    /** The settings a task gets when its request leaves them out (times as HH:MM). */
    record DefaultsView(String scenario, String windowStart, String windowEnd, int maxConcurrent, int callsPerSecond,
                        int maxAttempts, int perNumberDailyCap, int originateTimeoutSeconds) {
        static DefaultsView of(TaskDefaults d) {
            return new DefaultsView(d.scenario(), d.windowStart().toString(), d.windowEnd().toString(), d.maxConcurrent(),
                    d.callsPerSecond(), d.maxAttempts(), d.perNumberDailyCap(), d.originateTimeoutSeconds());
        }
    }

    record CallView(String callId, String leadId, int attempt, String phone, String gateway, Instant originatedAt,
                    Instant answeredAt, Instant hungUpAt, String hangupCause, String sipStatus, String disposition,
                    String dispositionLabel, long talkSeconds, String recordingPath, List<String> transcript,
                    String outcome, String transferredTo) {
        static CallView of(CallRecord r) {
            return new CallView(r.callId(), r.leadId(), r.attempt(), r.phone(), r.gateway(), r.originatedAt(),
                    r.answeredAt(), r.hungUpAt(), r.hangupCause(), r.sipStatus(), r.disposition().name(),
                    r.disposition().label(), r.talkSeconds(), r.recordingPath(), r.transcript(), r.outcome(),
                    r.transferredTo());
        }
    }

    private final TelephonyService telephony;
    private final TelephonyOperations tasks;

    TaskRoutes(TelephonyService telephony) {
        this.telephony = telephony;
        this.tasks = telephony.operations();
    }

    void register(RoutesConfig r) {
        r.post("/api/tasks", this::create);
        r.get("/api/tasks", ctx -> ctx.json(tasks.tasks(tenant(ctx)).stream().map(t -> view(tenant(ctx), t)).toList()));
        r.get("/api/tasks/defaults", ctx -> ctx.json(DefaultsView.of(TaskDefaults.STANDARD)));
        r.get("/api/tasks/{id}", ctx -> ctx.json(view(tenant(ctx), tasks.task(tenant(ctx), ctx.pathParam("id")))));
        for (String verb : List.of("start", "pause", "resume", "stop")) {
            r.post("/api/tasks/{id}/" + verb, ctx -> ctx.json(view(tenant(ctx), tasks.control(tenant(ctx),
                    ctx.pathParam("id"), verb))));
        }
        r.get("/api/tasks/{id}/stats", ctx -> ctx.json(tasks.stats(tenant(ctx), ctx.pathParam("id"))));
        r.get("/api/tasks/{id}/calls", this::calls);
        r.get("/api/tasks/{id}/events", this::events);
    }

    private TaskView view(Tenant tenant, StoredTask t) {
        return TaskView.of(t, telephony.waiting(t).orElse(null), telephony.mediaWarning(tenant, t).orElse(null));
    }

    private static Tenant tenant(Context ctx) {
        return Requests.principal(ctx).tenant();
    }

    private void create(Context ctx) {
        TaskRequest in = Json.read(ctx, TaskRequest.class);
        ctx.status(201).json(view(tenant(ctx), tasks.createTask(tenant(ctx), in)));
    }

    private void calls(Context ctx) {
        int limit = Requests.intQuery(ctx, "limit", 100, 1, 1000);
        int offset = Requests.intQuery(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        ctx.json(tasks.records(tenant(ctx), ctx.pathParam("id"), offset, limit).stream().map(CallView::of).toList());
    }

    /** Server-sent events {@code call} with each state change; 404 before the stream opens for an unknown task. */
    private void events(Context ctx) throws Exception {
        Tenant tenant = tenant(ctx);
        String taskId = ctx.pathParam("id");
        tasks.task(tenant, taskId);
        new SseHandler(client -> {
            client.keepAlive();
            client.sendComment("任务 " + taskId + " 的通话状态");
            try {
                AutoCloseable sub = telephony.subscribe(tenant, taskId, e -> send(client, e));
                client.onClose(() -> {
                    try {
                        sub.close();
                    } catch (Exception ignored) {
                        // nothing to release
                    }
                });
            } catch (RuntimeException e) {
                client.close();
            }
        }).handle(ctx);
    }

    private static void send(SseClient client, CallEvent e) {
        if (client.terminated()) {
            throw new IllegalStateException("closed");
        }
        try {
            client.sendEvent("call", Json.MAPPER.writeValueAsString(e), e.callId() + ":" + e.state());
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
