package dev.zhiyu.dialog;

/**
 * {@code mvn -B -q -pl dialog exec:java -Dexec.mainClass=dev.zhiyu.dialog.SimulationHarness -Dexec.args="1000 0.15 42 builtin:generic"}:
 * runs the simulator with N-best and 1-best tracking on the same seed and prints both reports; the last argument
 * is the generic intent model (default the maxent one, which loads fastest). {@code -Dzhiyu.sim.sentences=true}: problems
 * matched with the BGE encoder as on a live call (as {@code zhiyu dialog simulate} does), else by n-grams alone.
 */
public final class SimulationHarness {
    private SimulationHarness() {
    }

    public static void main(String[] args) throws java.io.IOException {
        int dialogs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        double cer = args.length > 1 ? Double.parseDouble(args[1]) : 0.15;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        dev.zhiyu.nlp.IntentClassifier generic = args.length > 3
                ? new dev.zhiyu.nlp.IntentCascade(dev.zhiyu.nlp.IntentRules.builtinGeneric(), dev.zhiyu.nlp.IntentModel.load(args[3]))
                : Conversations.generic();
        dev.zhiyu.nlp.SentenceEncoder sentences = Boolean.getBoolean("zhiyu.sim.sentences")
                ? dev.zhiyu.nlp.SentenceEncoder.bgeSmallZh() : null;
        for (boolean oneBest : new boolean[] {false, true}) {
            long t0 = System.nanoTime();
            DialogSimulation.Report r = DialogSimulation.run(generic, sentences, Conversations.CLOCK,
                    new DialogSimulation.Options(dialogs, cer, 3, oneBest, seed));
            System.out.print(r.format());
            System.out.printf("用时 %.1f 秒%n%n", (System.nanoTime() - t0) / 1e9);
        }
    }
}
