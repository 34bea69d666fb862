package dev.zhiyu.telephony.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.telephony.OriginateRequest;
import dev.zhiyu.telephony.call.Call;
import dev.zhiyu.telephony.call.CallControl;
import dev.zhiyu.telephony.call.DialogBridge;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventEncoder;
import dev.zhiyu.telephony.esl.EventFormat;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import dev.zhiyu.telephony.sim.Callee;
import dev.zhiyu.telephony.sim.FsSimulator;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness (not a unit test). N concurrent calls against the simulator, each holding a 4-turn dialog,
 * then a codec micro-benchmark. Usage:
 * mvn -B -q -pl telephony test-compile exec:java -Pbench -Dexec.mainClass=dev.zhiyu.telephony.bench.LoadBenchmark -Dexec.args="1000"
 */
public final class LoadBenchmark {

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        codec();
        concurrentCalls(calls);
        System.exit(0);
    }

    /** Frames → events, single thread: decode + parse of a real-sized CHANNEL_EXECUTE_COMPLETE. */
    static void codec() {
        EslEvent sample = new EslEvent(EventFormat.PLAIN, List.of(), "");
        FsSimulator.Config cfg = FsSimulator.Config.defaults();
        // a realistic ~2 KB plain event: many headers, URL-encoded values
        List<Map.Entry<String, String>> h = new java.util.ArrayList<>();
        for (int i = 0; i < 60; i++) {
            h.add(Map.entry("variable_header_" + i, "value %d with spaces: and 中文".formatted(i)));
        }
        h.add(0, Map.entry("Event-Name", "CHANNEL_EXECUTE_COMPLETE"));
        sample = new EslEvent(EventFormat.PLAIN, h, "");
        byte[] one = EventEncoder.frame(sample, EventFormat.PLAIN).toBytes();
        byte[] batch = new byte[one.length * 100];
        for (int i = 0; i < 100; i++) {
            System.arraycopy(one, 0, batch, i * one.length, one.length);
        }
        FrameDecoder d = new FrameDecoder();
        AtomicLong n = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            d.feed(batch, 0, batch.length, f -> {
                EventParser.parse(f);
                n.incrementAndGet();
            });
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("codec: %d-byte plain events decoded+parsed: %.0f events/s (1 thread, %.1f s)%n",
                one.length, n.get() / secs, secs);
        if (cfg == null) {
            throw new IllegalStateException();
        }
    }

    static void concurrentCalls(int calls) throws Exception {
        // each prompt ~1.5–3 s, no-input 6 s scaled: a call lasts ~10-20 s
        FsSimulator sim = new FsSimulator(FsSimulator.Config.defaults().withTimeScale(0.3),
                n -> Callee.answers(Callee.says("我在考虑"), Callee.says("还在考虑"), Callee.says("好的")).ringing(1000));
        int port = sim.start();
        CallControl control = new CallControl(new CallControl.Node("sim", "127.0.0.1", port, "ClueCon"),
                Clock.systemUTC(), a -> System.out.println("ALERT " + a)).start();
        DialogBridge bridge = new DialogBridge(control,
                new DialogBridge.Settings("test", "default", Duration.ofSeconds(6), Duration.ofMinutes(2), null, "queue:", "test"));
        AtomicInteger inDialog = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicLong jobs = new AtomicLong();
        CountDownLatch done = new CountDownLatch(calls);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Runtime rt = Runtime.getRuntime();
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong cpuSamples = new AtomicLong();
        double[] cpuSum = new double[1];
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                peakHeap.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                double load = os.getProcessCpuLoad();
                if (load >= 0) {
                    synchronized (cpuSum) {
                        cpuSum[0] += load;
                    }
                    cpuSamples.incrementAndGet();
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long t0 = System.nanoTime();
        long events0 = control.eventsSeen();
        long[] lastJobAt = new long[1];
        for (int i = 0; i < calls; i++) {
            String number = String.format("1360000%04d", i);
            Thread.ofVirtual().start(() -> {
                try {
                    Call call = control.originate(new OriginateRequest(UUID.randomUUID().toString(), "gw1", number,
                            "057188880000", 60, "bench", "B1", "L" + number));
                    String job = call.originateResult().get(120, TimeUnit.SECONDS);
                    jobs.incrementAndGet();
                    synchronized (lastJobAt) {
                        lastJobAt[0] = System.nanoTime();
                    }
                    if (job.startsWith("+OK")) {
                        answered.incrementAndGet();
                        peak.accumulateAndGet(inDialog.incrementAndGet(), Math::max);
                        try (DialogSession s = new LoopEngine().open(null)) {
                            bridge.run(call, s, List.of(), l -> { });
                        } finally {
                            inDialog.decrementAndGet();
                        }
                        completed.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.out.println("call failed: " + e);
                } finally {
                    done.countDown();
                }
            });
        }
        long sent = System.nanoTime();
        done.await(10, TimeUnit.MINUTES);
        long t1 = System.nanoTime();
        sampler.interrupt();
        double total = (t1 - t0) / 1e9;
        long events = control.eventsSeen() - events0;
        System.out.printf("calls: %d originated, %d answered, %d dialogs completed, peak %d concurrent calls in dialog%n",
                calls, answered.get(), completed.get(), peak.get());
        System.out.printf("originate: %d bgapi sent in %.2f s (%.0f/s); all %d answered within %.2f s of the first (ring 0.3 s)%n",
                calls, (sent - t0) / 1e9, calls / ((sent - t0) / 1e9), jobs.get(), (lastJobAt[0] - t0) / 1e9);
        System.out.printf("events: %d received, parsed, deduped and routed in %.1f s = %.0f events/s; lost by simulator: %d%n",
                events, total, events / total, sim.lostEvents());
        System.out.printf("process CPU avg %.0f%% of %d cores; peak heap used %d MB (max %d MB)%n",
                100 * cpuSum[0] / Math.max(1, cpuSamples.get()), rt.availableProcessors(),
                peakHeap.get() >> 20, rt.maxMemory() >> 20);
        control.close();
        sim.close();
    }

    /** Asks three questions, then says goodbye. */
    static final class LoopEngine implements DialogEngine {
        @Override
        public DialogSession open(dev.zhiyu.dialog.SessionRequest request) {
            return new DialogSession() {
                int turns;

                public String id() {
                    return "bench";
                }

                public BotTurn start() {
                    return new BotTurn("您好，这里是智语证券，请问您现在方便吗？", true, List.of());
                }

                public BotTurn hear(UserInput input) {
                    return ++turns < 3 ? new BotTurn("明白，请问还有什么顾虑吗？", true, List.of())
                            : new BotTurn("好的，再见。", false, List.of(new BotAction.HangUp()));
                }

                public BotTurn silence() {
                    return hear(UserInput.text(""));
                }

                public Outcome end(EndReason reason) {
                    return new Outcome("done", Map.of(), turns);
                }
            };
        }
    }
}
