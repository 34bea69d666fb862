package dev.zhiyu.server.telephony;

import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.GenericIntents;
import dev.zhiyu.server.platform.Platform;
import dev.zhiyu.server.platform.Tenant;
import dev.zhiyu.telephony.tasks.TaskRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A telephony service on the demo simulator over a test's platform, with helpers to give a tenant a task and watch
 * when its calls are dialled (the live feed's {@code dialling}, published just before the originate is sent).
 */
final class DialerRig implements AutoCloseable {
    final Platform platform;
    final TelephonyService service;
    /** call id → when its originate was about to be sent. */
    final Map<String, Instant> dialled = new ConcurrentHashMap<>();
    /** call id → its task. */
    final Map<String, String> taskOf = new ConcurrentHashMap<>();

    DialerRig(Platform platform, Map<String, String> settings) {
        this.platform = platform;
        DialogService dialogs = new DialogService(platform, GenericIntents.memoized("builtin:generic-maxent"),
                Clock.systemUTC());
        this.service = new TelephonyService(platform, dialogs, TelephonyConfig.fromMap(settings), Clock.systemUTC()).start();
    }

    /**
     * {@code count} numbers the demo simulator answers busy after a short ring (the last six digits are 8 modulo 12),
     * starting at the {@code first}-th such number.
     */
    static List<String> busyNumbers(int first, int count) {
        return IntStream.range(first, first + count).mapToObj(i -> String.valueOf(13_800_000_008L + 12L * i)).toList();
    }

    /** A task over a new list of {@code phones}, one attempt each, created but not started; returns its id. */
    String task(Tenant tenant, String name, List<String> phones, int maxConcurrent) {
        String csv = "手机号,customer_name,stop_step\n" + phones.stream().map(p -> p + ",客户,2").collect(Collectors.joining("\n"));
        String listId = service.operations().importList(tenant, null, name, name + ".csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), null, "test").listId();
        return service.operations().createTask(tenant, new TaskRequest(name, listId, null, "00:00", "24:00", null, null,
                maxConcurrent, 20, 1, null, null, null, null)).spec().id();
    }

    /** Starts the task and records when each of its calls is dialled. */
    AutoCloseable start(Tenant tenant, String taskId) throws Exception {
        AutoCloseable feed = watch(tenant, taskId);
        service.operations().control(tenant, taskId, "start");
        return feed;
    }

    /** Records when each call of the task this service dials is dialled. */
    AutoCloseable watch(Tenant tenant, String taskId) {
        return service.subscribe(tenant, taskId, e -> {
            if (e.state().equals("dialling")) {
                taskOf.put(e.callId(), e.taskId());
                dialled.put(e.callId(), Instant.parse(e.at()));
            }
        });
    }

    /** Calls of the task dialled so far. */
    long dialled(String taskId) {
        return taskOf.values().stream().filter(taskId::equals).count();
    }

    static void await(Duration limit, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        service.close();
    }
}
