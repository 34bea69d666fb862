package dev.zhiyu.telephony.bench;

import dev.zhiyu.telephony.CallRecord;
import dev.zhiyu.telephony.Disposition;
import dev.zhiyu.telephony.Lead;
import dev.zhiyu.telephony.ManualClock;
import dev.zhiyu.telephony.ScriptedDialogEngine;
import dev.zhiyu.telephony.TaskSpec;
import dev.zhiyu.telephony.TaskStatus;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.dialer.FailingStore;
import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;

import java.io.IOException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Soak harness: {@code calls} leads dialled on the simulator while, at random, the dialer ("server") is killed as
 * kill -9 would (its store writes fail, its ESL socket closes, nothing is hung up; a new dialer starts on the same
 * store after a random outage), the switch drops its ESL connections, or the switch restarts (every call and its
 * mod_hash records gone). Counted from the simulator's own channel timeline:
 * <ul>
 * <li>double dials: a lead's leg created while an earlier leg of the lead was up, or after one had been answered
 *     (goal 0; a restart-cut answered call dialled again is counted apart, see below);</li>
 * <li>answered calls re-dialled (goal 0): a lead dialled again after an answered leg that the switch did not lose;</li>
 * <li>re-dialled after a switch restart cut their answered call: only possible when no dialer saw the answer
 *     (it was down too) and the restart took the switch's record with it ({@code Recovery}: such a call is
 *     INTERRUPTED and retried); a dialer that saw the answer does not dial it again;</li>
 * <li>max dead air: the longest an answered leg ran no application, in wall-clock seconds (a dialer restarting and
 *     the switch's dead-air guard run on real time whatever the time scale of the callees).</li>
 * </ul>
 * Usage (1,000 calls, time scale 0.05, seed 1):
 * mvn -B -q -pl telephony test-compile exec:java -Pbench -Dexec.mainClass=dev.zhiyu.telephony.bench.OutageSoak -Dexec.args="1000 0.05 1"
 */
public final class OutageSoak {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final int MAX_ATTEMPTS = 3;

    /** @param faultEvery mean real time between faults; none once 90 % of the leads are done, so the task ends */
    public record Settings(int calls, double timeScale, long seed, Duration faultEvery, Duration limit) {
    }

    public record Result(int leads, int legs, int records, int doubleDials, int answeredRedialled,
                         int redialledAfterRestart, int earlyHangupRetries, Duration maxDeadAir, int deadAirsOver10s, int serverKills,
                         int switchDrops, int switchRestarts, int leftOpen, int switchRecordsLeft, boolean completed,
                         Map<Disposition, Long> dispositions, Duration took) {

        String report() {
            return String.format("""
                    soak: %d leads done=%s in %.1f s real; %d legs dialled, %d call records
                    faults: %d dialer kills, %d switch connection drops, %d switch restarts
                    double dials: %d (goal 0)
                    answered calls re-dialled: %d (goal 0)
                    answered calls cut by a switch restart, answer unseen by any dialer, dialled again: %d
                    early hang-ups (answered, no word, hung up within 5 s) dialled again by the retry policy: %d
                    max dead air: %.1f s wall clock (goal <= 10 s); stretches over 10 s: %d
                    attempts left open: %d; switch hang-up records not consumed: %d
                    dispositions: %s""", leads, completed, took.toMillis() / 1000.0, legs, records, serverKills,
                    switchDrops, switchRestarts, doubleDials, answeredRedialled, redialledAfterRestart,
                    earlyHangupRetries, maxDeadAir.toMillis() / 1000.0, deadAirsOver10s, leftOpen, switchRecordsLeft, dispositions);
        }
    }

    /** One dialer process: killed by making its store fail and closing its ESL connection. */
    private record Server(Dialer dialer, CallControl control, AtomicBoolean killed) {
    }

    private final Settings settings;
    private final Random random;
    private final ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, SHANGHAI).toInstant());
    private final InMemoryDialerStore store = new InMemoryDialerStore(SHANGHAI);
    private final List<CallControl> controls = new ArrayList<>();
    private final AtomicInteger alerts = new AtomicInteger();
    private FsSimulator sim;
    private int serverKills;
    private int switchDrops;
    private int switchRestarts;

    private OutageSoak(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    public static Result run(Settings settings) throws Exception {
        return new OutageSoak(settings).soak();
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 0.05;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Result r = run(new Settings(calls, scale, seed, Duration.ofMillis(1500), Duration.ofMinutes(30)));
        System.out.println(r.report());
        System.exit(0);
    }

    /** A callee mix like a real list: most answer, some hang up early, busy, unanswered, unreachable, dead numbers. */
    private Callee callee(int i) {
        Random r = new Random(settings.seed() * 31 + i);
        long ring = 2_000 + r.nextInt(13_000);
        int kind = r.nextInt(100);
        Callee c;
        if (kind < 45) {
            c = Callee.answers(Callee.says("我在考虑"));
        } else if (kind < 55) {
            c = Callee.answers(new Callee.Utterance.HangUp());
        } else if (kind < 65) {
            c = Callee.answers(); // never says a word
        } else if (kind < 80) {
            c = Callee.of(Callee.Kind.BUSY);
        } else if (kind < 90) {
            c = Callee.of(Callee.Kind.NO_ANSWER);
        } else if (kind < 95) {
            c = Callee.of(Callee.Kind.UNAVAILABLE);
        } else {
            c = Callee.of(Callee.Kind.INVALID_NUMBER);
        }
        return c.ringing(ring).hangsUpOnSilenceAfter(60_000); // a person waits a minute of silence at most
    }

    private static String number(int i) {
        return String.format("1390000%04d", i);
    }

    private Result soak() throws Exception {
        long started = System.nanoTime();
        sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(settings.timeScale()),
                n -> callee(Integer.parseInt(n.substring(7))));
        sim.start();
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < settings.calls(); i++) {
            leads.add(new Lead("L" + i, "l", i, "+86" + number(i), number(i), Map.of()));
        }
        store.putList("l", leads);
        Map<Disposition, Duration> retry = new EnumMap<>(Disposition.class);
        for (Disposition d : Disposition.values()) {
            retry.put(d, Duration.ofMinutes(1));
        }
        store.saveTask(new TaskSpec("T", "acme", "l", "s", List.of("057188880000"), List.of("gw1"), 40, 50,
                LocalTime.of(8, 0), LocalTime.of(22, 0), SHANGHAI, Set.of(), MAX_ATTEMPTS, retry, 10, 30));
        Server server = server();
        server.dialer().start("T");
        long deadline = started + settings.limit().toNanos();
        long nextFault = System.nanoTime() + nextGap();
        while (store.status("T") != TaskStatus.COMPLETED && System.nanoTime() < deadline) {
            server.dialer().tick("T");
            boolean faults = finishedLeads() < settings.calls() * 0.9;
            if (faults && System.nanoTime() >= nextFault) {
                server = fault(server);
                nextFault = System.nanoTime() + nextGap();
            }
            Thread.sleep(5);
            clock.advance(Duration.ofSeconds(1));
        }
        boolean completed = store.status("T") == TaskStatus.COMPLETED;
        Thread.sleep(200); // the last records' hash deletes are on their way
        Result r = result(completed, Duration.ofNanos(System.nanoTime() - started));
        controls.forEach(CallControl::close);
        sim.close();
        return r;
    }

    /** Leads with a last attempt that will not be retried. */
    private long finishedLeads() {
        return store.records("T").stream().filter(r -> !r.disposition().retryable() || r.attempt() >= MAX_ATTEMPTS)
                .map(CallRecord::leadId).distinct().count();
    }

    private long nextGap() {
        return (long) (settings.faultEvery().toNanos() * (0.5 + random.nextDouble()));
    }

    /** The first three faults are one of each kind; then at random: half dialer kills, a quarter each switch fault. */
    private Server fault(Server server) throws Exception {
        int faults = serverKills + switchDrops + switchRestarts;
        int kind = faults < 3 ? faults : random.nextInt(4);
        switch (kind) {
            case 0, 3 -> {
                serverKills++;
                server.killed().set(true); // kill -9: no hang-up, no record, its threads' writes fail from now on
                server.control().close();
                Thread.sleep(random.nextInt(400)); // the outage: calls go on (or end) in the switch meanwhile
                Server next = server();
                next.dialer().start("T");
                return next;
            }
            case 1 -> {
                switchDrops++;
                sim.dropConnections();
            }
            default -> {
                switchRestarts++;
                sim.restart();
            }
        }
        return server;
    }

    private Server server() throws Exception {
        AtomicBoolean killed = new AtomicBoolean();
        CallControl control = connect();
        Dialer dialer = new Dialer(FailingStore.of(store, m -> killed.get(), "进程已被杀死"), control,
                new ScriptedDialogEngine(), new DialogBridge.Settings("test", "default", Duration.ofSeconds(6),
                Duration.ofMinutes(5), null, "queue:", "test"), clock, a -> alerts.incrementAndGet(), r -> { });
        return new Server(dialer, control, killed);
    }

    /** A new process connects; the switch may be between a restart's close and listen. */
    private CallControl connect() throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                CallControl c = new CallControl(new CallControl.Node("fs", "127.0.0.1", sim.port(), "ClueCon"), clock,
                        a -> alerts.incrementAndGet()).backoffMax(Duration.ofMillis(200)).start();
                controls.add(c);
                return c;
            } catch (IOException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private Result result(boolean completed, Duration took) {
        List<FsSimulator.Leg> legs = sim.legs();
        Map<String, List<FsSimulator.Leg>> byNumber = new TreeMap<>();
        legs.forEach(l -> byNumber.computeIfAbsent(l.number(), k -> new ArrayList<>()).add(l));
        Map<String, Disposition> recorded = new java.util.HashMap<>();
        store.records("T").forEach(r -> recorded.put(r.callId(), r.disposition()));
        int doubleDials = 0;
        int answeredRedialled = 0;
        int afterRestart = 0;
        int earlyHangupRetries = 0;
        for (List<FsSimulator.Leg> lead : byNumber.values()) {
            for (int j = 1; j < lead.size(); j++) {
                FsSimulator.Leg leg = lead.get(j);
                boolean live = false;
                boolean answered = false;
                boolean cutByRestart = false;
                boolean earlyHangup = false;
                for (FsSimulator.Leg before : lead.subList(0, j)) {
                    live |= before.ended() == 0 || before.ended() > leg.created();
                    if (before.answered() != 0 && before.answered() < leg.created()) {
                        if ("SWITCH_RESTART".equals(before.cause())) {
                            cutByRestart = true;
                        } else if (recorded.get(before.uuid()) == Disposition.EARLY_HANGUP) {
                            earlyHangup = true; // hung up at once without a word: retried by policy, not by mistake
                        } else {
                            answered = true;
                        }
                    }
                }
                doubleDials += live || answered ? 1 : 0;
                answeredRedialled += answered ? 1 : 0;
                afterRestart += cutByRestart && !answered ? 1 : 0;
                earlyHangupRetries += earlyHangup && !answered && !live ? 1 : 0;
            }
        }
        List<CallRecord> records = store.records("T");
        Map<Disposition, Long> dispositions = new EnumMap<>(Disposition.class);
        records.forEach(r -> dispositions.merge(r.disposition(), 1L, Long::sum));
        return new Result(settings.calls(), legs.size(), records.size(), doubleDials, answeredRedialled, afterRestart,
                earlyHangupRetries, sim.maxDeadAir(), sim.deadAirsOver(Duration.ofSeconds(10)), serverKills, switchDrops, switchRestarts,
                store.openAttempts("T").size(), sim.hashEntries(), completed, dispositions, took);
    }
}
