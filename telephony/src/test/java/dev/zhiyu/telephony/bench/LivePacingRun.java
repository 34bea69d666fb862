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
import dev.zhiyu.telephony.dialer.CallcenterAgents;
import dev.zhiyu.telephony.dialer.Dialer;
import dev.zhiyu.telephony.dialer.InMemoryDialerStore;
import dev.zhiyu.telephony.dialer.PredictivePacer;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The predictive pacer in a live run on the FreeSWITCH simulator (ESL, mod_callcenter agents and their
 * callcenter::info events), not on the pacer's own model: many agents and leads, callees answering at a given rate,
 * answered calls transferred to a free agent or abandoned. Prints the achieved abandon rate against the cap and the
 * agents' occupancy sampled from the agent-state events. Simulator durations are scaled by {@code scale}; the
 * dialer's clock runs at 1/scale so the pacer sees call-centre time.
 *
 * <pre>mvn -B -q -o -pl telephony test-compile exec:java -Pbench -Dexec.mainClass=dev.zhiyu.telephony.bench.LivePacingRun \
 *   -Dexec.args="agents=20 leads=1500 answer=0.3 handle=120 cap=0.03 scale=0.01 seed=7"</pre>
 */
public final class LivePacingRun {

    private static final Duration WINDOW = Duration.ofMinutes(30);

    /**
     * The worst abandon rate over the rolling window ending at each answered call, from the first full window on.
     * {@code answeredAt} must be on the dialer's clock: {@link CallRecord#answeredAt()} is the wall-clock instant of
     * the CHANNEL_ANSWER event (not scaled), so this run takes the times of the dialer's {@code answered} states.
     */
    static double worstRolling(Map<String, Instant> answeredAt, List<CallRecord> records) {
        record Answer(Instant at, boolean abandoned) {
        }
        List<Answer> answered = records.stream().filter(r -> answeredAt.containsKey(r.callId()))
                .map(r -> new Answer(answeredAt.get(r.callId()), r.disposition() == Disposition.ABANDONED))
                .sorted(java.util.Comparator.comparing(Answer::at)).toList();
        if (answered.isEmpty()) {
            return 0;
        }
        Instant firstFull = answered.get(0).at().plus(WINDOW);
        double worst = 0;
        int from = 0;
        int abandons = 0;
        for (int i = 0; i < answered.size(); i++) {
            Instant at = answered.get(i).at();
            abandons += answered.get(i).abandoned() ? 1 : 0;
            while (!answered.get(from).at().isAfter(at.minus(WINDOW))) {
                abandons -= answered.get(from++).abandoned() ? 1 : 0;
            }
            boolean lastAtThisInstant = i + 1 == answered.size() || answered.get(i + 1).at().isAfter(at);
            if (!at.isBefore(firstFull) && lastAtThisInstant) { // the dialer's clock ticks: answers share instants
                worst = Math.max(worst, (double) abandons / (i + 1 - from));
            }
        }
        return worst;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>(Map.of("agents", "20", "leads", "1500", "answer", "0.3", "handle", "120",
                "cap", "0.03", "scale", "0.01", "seed", "7"));
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !a.containsKey(kv[0])) {
                System.err.println("参数应为 key=value，可用 " + a.keySet());
                System.exit(2);
            }
            a.put(kv[0], kv[1]);
        }
        int agentsN = Integer.parseInt(a.get("agents"));
        int leadsN = Integer.parseInt(a.get("leads"));
        double answer = Double.parseDouble(a.get("answer"));
        long handleMs = Long.parseLong(a.get("handle")) * 1000;
        double cap = Double.parseDouble(a.get("cap"));
        double scale = Double.parseDouble(a.get("scale"));
        Random rnd = new Random(Long.parseLong(a.get("seed")));
        ZoneId zone = ZoneId.of("Asia/Shanghai");

        Map<String, Callee> callees = new HashMap<>();
        List<Lead> leads = new ArrayList<>();
        for (int i = 0; i < leadsN; i++) {
            String n = String.format("139%08d", i);
            double u = rnd.nextDouble();
            long ring = 3_000 + rnd.nextInt(15_000);
            callees.put(n, u < answer ? Callee.answers(new Callee.Utterance.Silence()).ringing(ring)
                    : u < answer + 0.15 ? Callee.of(Callee.Kind.BUSY).ringing(1_000)
                    : Callee.of(Callee.Kind.NO_ANSWER));
            leads.add(new Lead("L" + i, "list", i, "+86" + n, n, Map.of()));
        }
        try (FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(scale), callees::get)
                .agents("sales@default", agentsN, handleMs)) {
            int port = sim.start();
            ManualClock clock = new ManualClock(ZonedDateTime.of(2026, 3, 2, 9, 0, 0, 0, zone).toInstant());
            try (CallControl control = new CallControl(new CallControl.Node("sim", "127.0.0.1", port, "ClueCon"), clock,
                    m -> { }).start()) {
                CallcenterAgents agents = new CallcenterAgents("sales@default", Clock.systemUTC(), Duration.ofSeconds(5));
                control.onCustom(agents::accept);
                agents.load(control.api(agents.listCommand()).get(5, TimeUnit.SECONDS));
                InMemoryDialerStore store = new InMemoryDialerStore(zone);
                store.putList("list", leads);
                store.saveTask(new TaskSpec("P", "acme", "list", "s", List.of("057188880000"), List.of("gw1"),
                        agentsN * 6, 50, LocalTime.of(9, 0), LocalTime.of(20, 0), zone, Set.of(), 2,
                        Map.of(Disposition.ABANDONED, Duration.ofMinutes(30)), 3, 30));
                Dialer dialer = new Dialer(store, control, new ScriptedDialogEngine(), new DialogBridge.Settings("test",
                        "default", Duration.ofSeconds(6), Duration.ofMinutes(5), null, "queue:", "test"), clock, m -> { }, r -> { });
                PredictivePacer pacer = new PredictivePacer(new PredictivePacer.Settings(cap, WINDOW, answer,
                        Duration.ofMillis(handleMs), Duration.ofSeconds(10)));
                Map<String, Instant> answeredAt = new ConcurrentHashMap<>(); // on the dialer's (scaled) clock
                dialer.onState(st -> {
                    if (st.state().equals("answered")) {
                        answeredAt.putIfAbsent(st.callId(), st.at());
                    }
                });
                dialer.pace("P", pacer, agents, "queue:sales@default");
                dialer.start("P");
                long tickMs = 5;
                Duration virtualTick = Duration.ofMillis(Math.round(tickMs / scale));
                double busySum = 0;
                long samples = 0;
                double steadyBusy = 0; // while untried leads remain: the tail of retries and an empty list excluded
                long steadySamples = 0;
                long started = System.nanoTime();
                boolean steadyOpen = true;
                while (store.status("P") != TaskStatus.COMPLETED) {
                    dialer.tick("P");
                    int busy = agents.busy();
                    busySum += busy;
                    samples++;
                    if (samples % 20 == 0) {
                        steadyOpen = store.records("P").size() < leadsN * 9 / 10;
                    }
                    if (steadyOpen) {
                        steadyBusy += busy;
                        steadySamples++;
                    }
                    Thread.sleep(tickMs);
                    clock.advance(virtualTick);
                }
                double realSeconds = (System.nanoTime() - started) / 1e9;
                List<CallRecord> records = store.records("P");
                long answered = records.stream().filter(r -> r.answeredAt() != null).count();
                long transferred = records.stream().filter(r -> r.disposition() == Disposition.TRANSFERRED).count();
                long abandoned = records.stream().filter(r -> r.disposition() == Disposition.ABANDONED).count();
                System.out.printf("live predictive run: %d agents, %d leads, answer rate %.0f%%, handle %d s, scale %s%n",
                        agentsN, leadsN, answer * 100, handleMs / 1000, a.get("scale"));
                System.out.printf("  attempts %d, answered %d, transferred %d (agents served %d), abandoned %d%n",
                        records.size(), answered, transferred, sim.agentCalls("sales@default"), abandoned);
                System.out.printf("  abandon rate %.2f%% (cap %.2f%%); worst rolling %d-min abandon rate once a full window has passed %.2f%%%n",
                        100.0 * abandoned / Math.max(1, answered), cap * 100, WINDOW.toMinutes(), 100 * worstRolling(answeredAt, records));
                String dump = System.getProperty("pacing.dump"); // answered instants and abandons, to count by hand
                if (dump != null) {
                    java.nio.file.Files.write(java.nio.file.Path.of(dump), records.stream()
                            .filter(r -> answeredAt.containsKey(r.callId()))
                            .map(r -> answeredAt.get(r.callId()).toEpochMilli() + " " + r.disposition()).toList());
                }
                System.out.printf("  agent occupancy %.1f%% (mean of %d samples of busy agents from callcenter::info), peak busy %d/%d, peak lines %d%n",
                        100.0 * busySum / samples / agentsN, samples, sim.peakAgentsBusy("sales@default"), agentsN,
                        dialer.peakConcurrent());
                System.out.printf("  agent occupancy while untried leads remain (first 90%% of attempts): %.1f%%%n",
                        100.0 * steadyBusy / Math.max(1, steadySamples) / agentsN);
                System.out.printf("  %.1f simulated minutes in %.1f s real%n", realSeconds / scale / 60, realSeconds);
            }
        }
    }
}
