package dev.zhiyu.dialog;

import dev.zhiyu.nlp.IntentCascade;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentModel;
import dev.zhiyu.nlp.IntentRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turn latency (NLU + DST + policy + NLG, no external functions) with many calls open at once:
 * {@code java … DialogLoadBenchmark <sessions> <model> <pacing> [seconds]} (see dialog/README.md). Each call plays a
 * scripted customer (3 lines, then the call ends and the slot dials the next one) with 3-best ASR noise at 15% CER,
 * on virtual threads. Pacing:
 * <ul>
 * <li>{@code call} (default): a turn comes when a real call's would — after the bot's prompt has been spoken
 * ({@value #TTS_CHARS_PER_SECOND} characters a second), the customer has said the line
 * ({@value #SPEECH_CHARS_PER_SECOND} characters a second) and the recogniser's end-of-speech silence
 * ({@value #ENDPOINT_MS} ms); calls start at random points of their first turn, as a dialer's ramp spreads them, and
 * the slots keep calling for {@code seconds}. The turns/s offered follow from that; 500 calls give far fewer than 500.
 * <li>a number: the old fixed think time in ms between turns (0.5–1.5 ×), all calls starting at once, one call per slot.
 * <li>{@code 0}: saturation — turns back to back, what the machine can do at most.
 * </ul>
 */
public final class DialogLoadBenchmark {
    static final double TTS_CHARS_PER_SECOND = 4.5;
    static final double SPEECH_CHARS_PER_SECOND = 4.0;
    static final long ENDPOINT_MS = 600;
    private static final List<String> LINES = List.of("嗯是我", "验证码根本收不到啊", "那你把链接发我手机上吧");

    private DialogLoadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        String model = args.length > 1 ? args[1] : "builtin:generic";
        String pacing = args.length > 2 ? args[2] : "call";
        long seconds = args.length > 3 ? Long.parseLong(args[3]) : 60;
        boolean call = pacing.equals("call");
        long thinkMs = call ? -1 : Long.parseLong(pacing);
        IntentClassifier generic = new IntentCascade(IntentRules.builtinGeneric(), IntentModel.load(model));
        ScenarioEngine engine = new ScenarioEngine("bench", generic, Conversations.CLOCK, TurnListener.NONE, false);
        if (!Boolean.getBoolean("zhiyu.bench.ngrams")) { // -Dzhiyu.bench.ngrams=true: problems by n-grams alone
            engine.useSentences(dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh()); // as the server does
        }
        Scenario scenario = ScenarioLoader.accountOpeningCallback();
        engine.install(scenario);
        AsrNoise noise = new AsrNoise(String.join("", SimulatedCustomer.PHRASES.values().stream().flatMap(List::stream).toList()));
        warmUp(engine, noise);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        long[] latencies = new long[call ? 4_000_000 : sessions * LINES.size()];
        AtomicInteger n = new AtomicInteger();
        long t0 = System.nanoTime();
        long deadline = t0 + seconds * 1_000_000_000L;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < sessions; i++) {
                int slot = i;
                pool.submit(() -> {
                    // java.util.Random's first draws for seeds 0, 1, 2… are nearly equal: seeded with the slot
                    // number, 500 calls "staggered" into the same second and every turn after came in bursts
                    Random random = new Random(slot * 0x9E3779B97F4A7C15L);
                    int calls = 0;
                    do {
                        oneCall(engine, scenario, noise, random, slot + "-" + calls, thinkMs, call && calls == 0,
                                latencies, n);
                        calls++;
                    } while (call && System.nanoTime() < deadline);
                    return null;
                });
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] done = Arrays.copyOf(latencies, Math.min(n.get(), latencies.length));
        Arrays.sort(done);
        String how = call ? String.format("按真实通话节奏（播报 %.1f 字/秒，客户 %.1f 字/秒，断句 %d ms），%d 秒", TTS_CHARS_PER_SECOND,
                SPEECH_CHARS_PER_SECOND, ENDPOINT_MS, seconds) : thinkMs == 0 ? "饱和（轮与轮之间不等待）"
                : "固定思考时间 " + thinkMs + " ms，同时开始";
        System.out.printf("会话 %d 个并发，模型 %s，%s；开始时负载 %s%n", sessions, model, how, load);
        System.out.printf("共 %d 轮，用时 %.2f 秒，实际提供 %.1f 轮/秒%n", done.length, elapsed, done.length / elapsed);
        System.out.printf("每轮延迟 p50 %.2f ms，p99 %.2f ms，最大 %.2f ms%n", done[done.length / 2] / 1e6,
                done[(int) (done.length * 0.99)] / 1e6, done[done.length - 1] / 1e6);
        System.out.printf("堆内存 %.0f MB%n", (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6);
    }

    /** One call of the scripted customer; {@code staggered}: the first wait is a random part of a whole one. */
    private static void oneCall(ScenarioEngine engine, Scenario scenario, AsrNoise noise, Random random, String id,
                                long thinkMs, boolean staggered, long[] latencies, AtomicInteger n) throws InterruptedException {
        DialogSession s = engine.open(new SessionRequest("bench", scenario.id(), "b" + id, "phone",
                Map.of("customer_name", "客户" + id, "stop_step", "1")));
        String prompt = s.start().text();
        boolean first = true;
        for (String line : LINES) {
            long wait = thinkMs >= 0 ? (long) (thinkMs * (0.5 + random.nextDouble())) : callPause(prompt, line);
            Thread.sleep(first && staggered ? (long) (wait * random.nextDouble()) : wait);
            first = false;
            UserInput in = new UserInput(noise.nbest(line, 0.15, 3, random), "");
            long a = System.nanoTime();
            BotTurn t = s.hear(in);
            int k = n.getAndIncrement();
            if (k < latencies.length) {
                latencies[k] = System.nanoTime() - a;
            }
            prompt = t.text();
            if (!t.ends()) {
                continue;
            }
            break;
        }
        s.end(DialogSession.EndReason.BOT_HUNG_UP);
    }

    /** The time from the bot starting its prompt to the recogniser's final result for the customer's reply. */
    static long callPause(String prompt, String reply) {
        return (long) (1000 * (prompt.length() / TTS_CHARS_PER_SECOND + reply.length() / SPEECH_CHARS_PER_SECOND))
                + ENDPOINT_MS;
    }

    private static void warmUp(ScenarioEngine engine, AsrNoise noise) {
        Random random = new Random(0);
        for (int i = 0; i < 200; i++) {
            DialogSession s = engine.open(new SessionRequest("bench", "account-opening-callback", "w" + i, "phone",
                    Map.of("customer_name", "预热", "stop_step", "1")));
            s.start();
            for (String line : LINES) {
                s.hear(new UserInput(noise.nbest(line, 0.15, 3, random), ""));
            }
        }
    }
}
