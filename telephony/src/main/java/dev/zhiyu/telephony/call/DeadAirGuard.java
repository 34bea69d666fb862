package dev.zhiyu.telephony.call;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A dead-man switch on the switch itself: an answered call that nobody controls hears a short apology and is hung
 * up within {@link DeadAir#bound()}, even when this process is gone (kill -9) and cannot send a single command.
 *
 * <p>Why FreeSWITCH's scheduler and not {@code park_timeout}: {@code switch_ivr_park} reads {@code park_timeout}
 * once when the park starts, clears it and hangs up at that fixed time without any announcement; the apps we run
 * with {@code sendmsg} execute inside the same park loop, so a long controlled dialog would be cut and the deadline
 * cannot be pushed forward. The core scheduler can: {@code sched_api +<s> <group> <command>} adds a task to a
 * group, {@code sched_del <group>} removes every task of the group (mod_commands), and tasks fire on wall-clock
 * seconds whatever happens to this process.
 *
 * <p>The switch arms the first guard when the call is answered, from originate variables ({@code api_on_answer},
 * {@code api_on_answer_2}, group {@code zd-<uuid>-0}; the documented form is
 * {@code {api_on_answer='uuid_broadcast ...'}}): after {@code bound − apology} seconds
 * {@code uuid_broadcast <uuid> playback!NORMAL_CLEARING::<apology>} plays the apology and then hangs up (the
 * {@code !cause} of a broadcast queues a hang-up after the app), and at {@code bound} seconds a {@code uuid_kill}
 * backstop ends the call even if the broadcast could not run ({@code api_on_answer_2} relies on the switch running
 * every variable named {@code api_on_answer*}, as it does {@code execute_on_answer_<n>}; a switch that ran only the
 * exact name would still have the broadcast, which apologises and hangs up).
 *
 * <p>While this process controls the call it pushes the guard forward every few seconds by arming a fresh group
 * before deleting the previous one, alternating groups {@code zd-<uuid>-a} and {@code zd-<uuid>-b}, so some guard
 * is always armed. The first beat of a call in this process flips twice, which also deletes groups an earlier
 * (crashed) process armed: a re-attached call is not cut by its previous owner's guard. A call handed to a human
 * agent is released: its guards are deleted.
 */
final class DeadAirGuard {

    /**
     * @param bound    longest time an answered call may go without a controller before it is hung up
     * @param apology  sound file played before that hang-up (path as {@code playback} takes it)
     * @param apologyLength time reserved for the apology within the bound
     */
    record DeadAir(Duration bound, String apology, Duration apologyLength) {
        private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_./\\-]{1,200}");

        DeadAir {
            if (bound.toSeconds() < 2 || apologyLength.isNegative() || apologyLength.compareTo(bound) >= 0) {
                throw new IllegalArgumentException("死寂挂断时限须至少 2 秒且大于致歉语时长（zhiyu.telephony.dead.air.seconds）");
            }
            if (!SAFE_PATH.matcher(apology).matches()) {
                throw new IllegalArgumentException("致歉语音文件路径只能含字母、数字和 _./-（zhiyu.telephony.dead.air.apology）: "
                        + apology);
            }
        }

        static DeadAir defaults() {
            return new DeadAir(Duration.ofSeconds(10), "zhiyu/dead_air_apology.wav", Duration.ofSeconds(4));
        }

        long apologyAt() {
            return Math.max(1, bound.toSeconds() - apologyLength.toSeconds());
        }

        /** FreeSWITCH's scheduler counts whole seconds: a task set for +n may fire after n − 1; beat well before. */
        Duration beat() {
            return Duration.ofMillis(Math.max(200, (apologyAt() - 1) * 1000 / 2));
        }
    }

    private final String node;
    private final Function<String, CompletableFuture<String>> api;
    private final Consumer<String> alerts;
    private final AtomicBoolean alerted = new AtomicBoolean();
    private volatile DeadAir settings = DeadAir.defaults();
    /** uuid → the group this process armed last ("a" or "b"). */
    private final Map<String, String> armed = new ConcurrentHashMap<>();
    private final Set<String> released = ConcurrentHashMap.newKeySet();

    DeadAirGuard(String node, Function<String, CompletableFuture<String>> api, Consumer<String> alerts) {
        this.node = node;
        this.api = api;
        this.alerts = alerts;
    }

    /** Beats on a thread of its own until {@code closed}, while {@code connected}. */
    void start(Supplier<Collection<Call>> calls, BooleanSupplier connected, BooleanSupplier closed) {
        Thread.ofVirtual().name("dead-air-" + node).start(() -> {
            long last = System.nanoTime();
            while (!closed.getAsBoolean()) {
                try {
                    TimeUnit.MILLISECONDS.sleep(100); // short steps: a new bound applies at once
                } catch (InterruptedException e) {
                    return;
                }
                if (System.nanoTime() - last >= settings.beat().toNanos() && connected.getAsBoolean()) {
                    last = System.nanoTime();
                    beat(calls.get());
                }
            }
        });
    }

    void settings(DeadAir s) {
        settings = s;
    }

    DeadAir settings() {
        return settings;
    }

    /** Originate variables that make the switch arm the first guard at answer (single-quoted: they hold spaces). */
    Map<String, String> originateVariables(String uuid) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("api_on_answer", apologyTask(uuid, "0"));
        v.put("api_on_answer_2", killTask(uuid, "0"));
        return v;
    }

    /** Pushes the guard of every answered call this process still controls forward; forgets ended calls. */
    void beat(Collection<Call> calls) {
        Set<String> live = ConcurrentHashMap.newKeySet();
        for (Call c : calls) {
            live.add(c.uuid());
            if (c.answeredAt() != null && !c.hungUp() && !released.contains(c.uuid())) {
                push(c.uuid());
            }
        }
        armed.keySet().retainAll(live);
        released.retainAll(live);
    }

    private void push(String uuid) {
        String current = armed.get(uuid);
        if (current == null) { // first beat here: clear the switch's group and any earlier process's
            arm(uuid, "a");
            del(uuid, "b");
            del(uuid, "0");
            current = "a";
        }
        String next = current.equals("a") ? "b" : "a";
        arm(uuid, next);
        del(uuid, current);
        armed.put(uuid, next);
    }

    /** The call is someone else's now (a human agent): no apology, no hang-up. */
    void release(String uuid) {
        if (released.add(uuid)) {
            for (String g : new String[]{"0", "a", "b"}) {
                del(uuid, g);
            }
        }
    }

    private void arm(String uuid, String group) {
        send(apologyTask(uuid, group));
        send(killTask(uuid, group));
    }

    private void del(String uuid, String group) {
        send("sched_del " + group(uuid, group));
    }

    /** Replies are checked, not awaited: a refusal (mod_commands missing) is alerted once. */
    private void send(String command) {
        api.apply(command).whenComplete((reply, err) -> {
            if (err == null && reply.startsWith("-ERR") && alerted.compareAndSet(false, true)) {
                alerts.accept("FreeSWITCH " + node + " 拒绝死寂保护命令（" + command.split(" ")[0] + "）: " + reply.strip()
                        + "；无人控制的通话将不会被自动挂断，请检查该节点是否加载 mod_commands");
            }
        });
    }

    private String apologyTask(String uuid, String group) {
        DeadAir s = settings;
        return "sched_api +" + s.apologyAt() + " " + group(uuid, group) + " uuid_broadcast " + uuid
                + " playback!NORMAL_CLEARING::" + s.apology() + " aleg";
    }

    private String killTask(String uuid, String group) {
        return "sched_api +" + settings.bound().toSeconds() + " " + group(uuid, group) + " uuid_kill " + uuid
                + " NORMAL_CLEARING";
    }

    private static String group(String uuid, String g) {
        return "zd-" + uuid + "-" + g;
    }
}
