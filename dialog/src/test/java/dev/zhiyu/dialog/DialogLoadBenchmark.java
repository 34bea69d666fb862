package dev.zhiyu.dialog;

import dev.zhiyu.nlp.IntentCascade;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turn latency (NLU + DST + policy + NLG, no external functions) with many sessions open at once:
 * {@code mvn -B -q -pl dialog test-compile exec:java -Dexec.mainClass=dev.zhiyu.dialog.DialogLoadBenchmark -Dexec.args="500 builtin:generic 3000"}.
 * Each session plays a scripted customer with 3-best ASR noise at 15% CER; all sessions are open concurrently
 * on virtual threads, and between turns each waits a random 0.5–1.5 × the given think time in ms (on a phone the
 * bot's prompt plays for seconds); think time 0 is a saturation test.
 */
public final class DialogLoadBenchmark {
    private DialogLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        String model = args.length > 1 ? args[1] : "builtin:generic";
        long thinkMs = args.length > 2 ? Long.parseLong(args[2]) : 3000;
        IntentClassifier generic = new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load(model));
        ScenarioEngine engine = new ScenarioEngine("bench", generic, Conversations.CLOCK, TurnListener.NONE, false);
        Scenario scenario = ScenarioLoader.accountOpeningCallback();
        engine.install(scenario);
        AsrNoise noise = new AsrNoise(String.join("", SimulatedCustomer.PHRASES.values().stream().flatMap(List::stream).toList()));
        List<String> lines = List.of("嗯是我", "验证码根本收不到啊", "那你把链接发我手机上吧");
        warmUp(engine, noise, lines);
        long[] latencies = new long[sessions * lines.size()];
        AtomicInteger n = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int id = i;
                all.add(pool.submit(() -> {
                    Random random = new Random(id);
                    DialogSession s = engine.open(new SessionRequest("bench", scenario.id(), "b" + id, "phone",
                            Map.of("customer_name", "客户" + id, "stop_step", "1")));
                    s.start();
                    for (String line : lines) {
                        Thread.sleep((long) (thinkMs * (0.5 + random.nextDouble())));
                        UserInput in = new UserInput(noise.nbest(line, 0.15, 3, random), "");
                        long a = System.nanoTime();
                        s.hear(in);
                        latencies[n.getAndIncrement()] = System.nanoTime() - a;
                    }
                    s.end(DialogSession.EndReason.BOT_HUNG_UP);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long[] done = Arrays.copyOf(latencies, n.get());
        Arrays.sort(done);
        System.out.printf("会话 %d 个并发，模型 %s，思考时间 %d ms，共 %d 轮，用时 %.2f 秒，%.0f 轮/秒%n", sessions, model,
                thinkMs, done.length, seconds, done.length / seconds);
        System.out.printf("每轮延迟 p50 %.2f ms，p99 %.2f ms，最大 %.2f ms%n", done[done.length / 2] / 1e6,
                done[(int) (done.length * 0.99)] / 1e6, done[done.length - 1] / 1e6);
        System.out.printf("堆内存 %.0f MB%n", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6);
    }

    private static void warmUp(ScenarioEngine engine, AsrNoise noise, List<String> lines) {
        Random random = new Random(0);
        for (int i = 0; i < 200; i++) {
            DialogSession s = engine.open(new SessionRequest("bench", "account-opening-callback", "w" + i, "phone",
                    Map.of("customer_name", "预热", "stop_step", "1")));
            s.start();
            for (String line : lines) {
                s.hear(new UserInput(noise.nbest(line, 0.15, 3, random), ""));
            }
        }
    }
}
