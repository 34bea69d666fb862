package dev.zhiyu.dialog;

import dev.zhiyu.nlp.IntentClassifier;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs simulated customers against the shipped 开户断点回访 scenario through an ASR noise model and scores the
 * dialogs: task success (the right problem identified and the customer's wish carried out, or the callback time
 * captured, or the wrong person let go), average turns, and outcome-label accuracy.
 */
public final class DialogSimulation {

    public record Options(int dialogs, double cer, int nbest, boolean oneBest, long seed) {
    }

    public record Report(Options options, int dialogs, double taskSuccess, double averageTurns,
                         double labelAccuracy, Map<String, Double> successByPersona) {
        public String format() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("对话数 %d，字错率 %.2f，%s，种子 %d%n", dialogs, options.cer(),
                    options.oneBest() ? "1-best 状态跟踪" : options.nbest() + "-best 状态跟踪", options.seed()));
            sb.append(String.format("任务成功率   %.1f%%%n", 100 * taskSuccess));
            sb.append(String.format("平均轮数     %.2f%n", averageTurns));
            sb.append(String.format("结果标签准确率 %.1f%%%n", 100 * labelAccuracy));
            successByPersona.forEach((p, s) -> sb.append(String.format("  %-13s 成功率 %.1f%%%n", p, 100 * s)));
            return sb.toString();
        }
    }

    private DialogSimulation() {
    }

    public static Report run(IntentClassifier genericIntents, Clock clock, Options o) {
        return run(genericIntents, null, clock, o);
    }

    /** With {@code sentences} (may be null) reading the meaning of problem descriptions, as on a live call. */
    public static Report run(IntentClassifier genericIntents, dev.zhiyu.nlp.SentenceEncoder sentences, Clock clock,
                             Options o) {
        Scenario scenario = ScenarioLoader.accountOpeningCallback();
        AsrNoise noise = new AsrNoise(inventory(scenario));
        LastTurn last = new LastTurn();
        ScenarioEngine engine = new ScenarioEngine("simulation", genericIntents, clock, last, o.oneBest());
        engine.useSentences(sentences);
        engine.install(scenario);
        Random random = new Random(o.seed());
        int successes = 0;
        int labelsRight = 0;
        long turns = 0;
        Map<SimulatedCustomer.Persona, int[]> byPersona = new EnumMap<>(SimulatedCustomer.Persona.class);
        for (int i = 0; i < o.dialogs(); i++) {
            SimulatedCustomer customer = new SimulatedCustomer(scenario, random);
            DialogSession session = engine.open(new SessionRequest("simulation", scenario.id(), "sim-" + i, "phone",
                    Map.of("customer_name", "李女士", "stop_step", customer.stopStep)));
            BotTurn bot = session.start();
            while (!bot.ends() && last.turn.index() < scenario.limits().maxTurns() + 1) {
                String said = customer.reply(last.turn, scenario);
                bot = session.hear(new UserInput(noise.nbest(said, o.cer(), o.nbest(), random), ""));
            }
            Outcome outcome = session.end(DialogSession.EndReason.BOT_HUNG_UP);
            boolean success = succeeded(customer, outcome);
            if (!success && TRACE) {
                printFailure(customer, outcome, last.history);
            }
            last.history.clear();
            successes += success ? 1 : 0;
            labelsRight += customer.expectedLabel().equals(outcome.label()) ? 1 : 0;
            turns += outcome.turns();
            int[] counts = byPersona.computeIfAbsent(customer.persona, p -> new int[2]);
            counts[0]++;
            counts[1] += success ? 1 : 0;
        }
        Map<String, Double> persona = new java.util.LinkedHashMap<>();
        byPersona.forEach((p, c) -> persona.put(p.name(), (double) c[1] / c[0]));
        int n = Math.max(1, o.dialogs());
        return new Report(o, o.dialogs(), (double) successes / n, (double) turns / n, (double) labelsRight / n, persona);
    }

    /** {@code -Dzhiyu.sim.trace=true} prints every failed dialog turn by turn, for error analysis. */
    private static final boolean TRACE = Boolean.getBoolean("zhiyu.sim.trace");

    private static void printFailure(SimulatedCustomer c, Outcome o, java.util.List<TurnRecord> turns) {
        System.out.println("失败 " + c.persona + " " + c.problem + " " + c.choice + " → " + o);
        for (TurnRecord t : turns) {
            System.out.println("  " + t.stage() + " " + t.action() + " "
                    + t.heard().stream().map(h -> h.text() + String.format("(%.0f)", h.confidence())).toList()
                    + " " + t.intents() + " " + t.belief());
        }
    }

    static boolean succeeded(SimulatedCustomer c, Outcome o) {
        if (!c.expectedLabel().equals(o.label())) {
            return false;
        }
        return switch (c.persona) {
            case WRONG_PERSON -> true;
            case BUSY -> o.slots().containsKey("callback_time");
            default -> c.problem.equals(o.slots().get("problem"))
                    || c.choice.equals("resume_now") && !o.slots().containsKey("problem");
        };
    }

    private static String inventory(Scenario scenario) {
        StringBuilder sb = new StringBuilder();
        scenario.problems().forEach(p -> p.examples().forEach(sb::append));
        scenario.prompts().values().forEach(v -> v.forEach(sb::append));
        SimulatedCustomer.PHRASES.values().forEach(v -> v.forEach(sb::append));
        return sb.toString();
    }

    /** Keeps the bot's latest turn so the simulated customer can answer it. */
    private static final class LastTurn implements TurnListener {
        TurnRecord turn;
        final java.util.List<TurnRecord> history = new java.util.ArrayList<>();

        @Override
        public void turn(TurnRecord t) {
            turn = t;
            history.add(t);
        }

        @Override
        public void ended(String tenant, String sessionId, Outcome outcome) {
        }
    }

}
