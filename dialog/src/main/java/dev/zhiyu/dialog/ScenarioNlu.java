package dev.zhiyu.dialog;

import dev.zhiyu.nlp.CrfSlotRecognizer;
import dev.zhiyu.nlp.Entity;
import dev.zhiyu.nlp.EntityRecognizer;
import dev.zhiyu.nlp.IntentClassifier;
import dev.zhiyu.nlp.IntentScore;
import dev.zhiyu.nlp.SentenceEncoder;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NLU for one scenario: the generic outbound intents from the shared classifier, scenario intents and problems
 * from their examples, the time for a {@code datetime} slot read by {@link CallbackTimes}, values of {@code entity}
 * slots from the scenario's slot recogniser. Negated problems and entities ("不是视频那步，是绑卡") count against.
 */
final class ScenarioNlu {
    /** Scenario intents need a closer match than problems: they compete with the generic classifier. */
    static final double INTENT_FLOOR = 0.35;
    /** Similarity at which a scenario intent gets half the probability mass, and how fast it rises around it. */
    static final double INTENT_MIDPOINT = 0.6;
    static final double INTENT_SLOPE = 14;
    /** "不是这个", "不对", "不是的" at the start: the value put to the user is rejected, whatever follows. */
    private static final Pattern REJECTION = Pattern.compile("^(嗯|啊|呃)*(不是这|不是那|不对|不是的|不是啊|不不)");
    /** Generic intents that take precedence over the scenario's problems at every stage, once clear enough. */
    private static final List<String> OVERRIDING = List.of("complain_harassment", "request_human", "abuse", "ask_is_robot");
    /** Besides those: "我已经弄好了", "打错了" when a rule (not the model, which misreads problems so) says so. */
    private static final List<String> RULED_OVERRIDING = List.of("complain_harassment", "request_human", "abuse",
            "ask_is_robot", "already_done", "wrong_person");
    static final double OVERRIDE_FLOOR = 0.6;
    /** Words that decline further calls outright, whatever else the turn says about time. */
    private static final Pattern EXPLICIT_OPT_OUT = Pattern.compile("别再?打|不要再?打|不用再?打|骚扰|再也别|拉黑");
    private static final List<String> CALL_ENDING = List.of("complain_harassment", "not_interested", "goodbye");
    private static final Pattern NEGATION = Pattern.compile("不是(.{2,20}?)(?:[,，。]|而是|是)(.*)");
    /** Where a turn divides into clauses: punctuation, the pauses ASR writes as spaces, and contrastive connectives. */
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[，,。．.！!？?；;、…\\s]+|但是|不过|可是|只是|但");
    /**
     * A clause's own intent counts for the turn at this confidence: "是我，但我在开车" is read whole as mostly 是我,
     * and its busy clause would be dropped.
     */
    static final double CLAUSE_FLOOR = 0.5;
    private static final int MAX_CLAUSES = 4;
    /** A clause of fillers alone says nothing of its own (a lone 哦 reads as anything, abuse included). */
    private static final Pattern FILLERS_ONLY = Pattern.compile("^(?:嗯|啊|哦|呃|额|噢|唉|哎|诶|欸|喔|哈|呀|吧|呐|那个|这个|就是说|就是|然后|喂)+$");

    private final IntentClassifier generic;
    private final ProblemMatcher problemMatcher;
    /** The scenario's {@code confirm} threshold: a problem reading below it is not even put to the speaker. */
    private final double confirm;
    private final NgramMatcher intentMatcher;
    private final Clock clock;
    private final CallbackTimes.Window callbackWindow;
    /** The scenario's slot entity recogniser (bank, product …), or null while none is in use. */
    private final EntityRecognizer slotEntities;

    /**
     * @param sentences the sentence encoder the problem matcher reads meaning with, or null for n-grams alone (see
     *                  {@link ProblemMatcher}); the scenario's example vectors are encoded here, once per load
     */
    ScenarioNlu(Scenario scenario, IntentClassifier generic, Clock clock, EntityRecognizer slotEntities,
                SentenceEncoder sentences) {
        this.generic = generic;
        this.clock = clock;
        this.callbackWindow = new CallbackTimes.Window(scenario.limits().callbackFrom(), scenario.limits().callbackUntil());
        this.slotEntities = slotEntities;
        this.confirm = scenario.thresholds().confirm();
        this.problemMatcher = ProblemMatcher.of(scenario, sentences, ProblemMatcher.DEFAULT);
        Map<String, List<String>> intents = new LinkedHashMap<>();
        scenario.intents().forEach(i -> intents.put(i.id(), i.examples()));
        this.intentMatcher = new NgramMatcher(intents);
    }

    /**
     * @param expected    the slot the current stage fills, or null: only a problem slot lets problems compete with
     *                    intents, the slot recogniser runs only for an entity slot, times are read only for a datetime one
     * @param timeContext what the speaker said about the time earlier in this stage, or null (see {@link CallbackTimes})
     */
    Understanding understand(String text, String stopStep, Scenario.Slot expected, String timeContext) {
        boolean problemExpected = expected != null && expected.type().equals(Scenario.Slot.PROBLEM);
        String t = Utterances.bounded(text);
        if (Utterances.clean(t).isEmpty()) {
            return new Understanding(Map.of(), Map.of(), Map.of(), List.of(), false);
        }
        boolean rejects = REJECTION.matcher(Utterances.clean(t)).find();
        Matcher negation = NEGATION.matcher(t);
        Map<String, Double> denied = Map.of();
        String affirmed = t;
        boolean negated = negation.find();
        if (negated) {
            denied = problemExpected ? problems(negation.group(1), stopStep) : Map.of();
            affirmed = negation.group(2);
        }
        Map<String, Double> problems = problemExpected ? problems(affirmed, stopStep) : Map.of();
        Map<String, Double> intents = new HashMap<>();
        boolean ruled = intents(t, intents);
        double overriding = (ruled ? RULED_OVERRIDING : OVERRIDING).stream()
                .mapToDouble(i -> intents.getOrDefault(i, 0.0)).max().orElse(0);
        if (overriding >= OVERRIDE_FLOOR) {
            // "别再给我打电话了" must end the call even where a problem is asked for: a clear opt-out, request for a
            // human, abuse or robot question outweighs any likeness to a problem description
            problems = new HashMap<>(problems);
            problems.replaceAll((k, p) -> p * (1 - overriding));
        } else if (!ruled || problems.values().stream().anyMatch(p -> p >= confirm)) {
            // The generic model never saw problem descriptions and misreads them ("已经过期了" → already_done):
            // the more the turn looks like a problem, the less its generic intents count. A high-precision rule's
            // reading ("上班呢" → busy) gives way only to a problem clear enough to be asked about, not to a faint
            // likeness (上班 ~ 下班了) that the policy would not even put to the speaker.
            double problemMass = problems.values().stream().mapToDouble(Double::doubleValue).sum();
            intents.replaceAll((k, p) -> p * (1 - problemMass));
        }
        boolean timeExpected = expected != null && expected.type().equals(Scenario.Slot.DATETIME);
        CallbackTimes.Reading time = CallbackTimes.read(t, LocalDateTime.now(clock), callbackWindow,
                timeExpected ? timeContext : null);
        if (CallbackTimes.isConcrete(time) || time instanceof CallbackTimes.Ask && !EXPLICIT_OPT_OUT.matcher(t).find()) {
            callbackNotOptOut(intents, timeExpected); // "你晚点再打吧" too, unless it also says "别打了"
        }
        if (timeExpected) {
            return new Understanding(intents, problems, denied, CallbackTimes.iso(time), rejects, Map.of(), Map.of(), time);
        }
        if (expected == null || !expected.type().equals(Scenario.Slot.ENTITY) || slotEntities == null) {
            return new Understanding(intents, problems, denied, List.of(), rejects, Map.of(), Map.of(), time);
        }
        Map<String, List<String>> found = new LinkedHashMap<>();
        Map<String, List<String>> deniedFound = new LinkedHashMap<>();
        for (Entity e : recognise(t)) {
            boolean isDenied = negated && e.start() >= negation.start(1) && e.end() <= negation.end(1);
            (isDenied ? deniedFound : found).computeIfAbsent(e.type(), k -> new ArrayList<>()).add(e.value());
        }
        return new Understanding(intents, problems, denied, List.of(), rejects, found, deniedFound, time);
    }

    /**
     * "半小时后再打", "你们别下午打，上午吧": a turn that names a time to call is a request to call back, never an opt-out,
     * a complaint or a goodbye, however the classifier reads its tone; that mass goes to {@code busy}. Where a time is
     * asked for, a denial in it ("不是明天，是后天下午") corrects the time rather than declining the callback.
     */
    private static void callbackNotOptOut(Map<String, Double> intents, boolean timeExpected) {
        double moved = 0;
        for (String ending : CALL_ENDING) {
            Double p = intents.remove(ending);
            moved += p == null ? 0 : p;
        }
        if (timeExpected) {
            Double p = intents.remove("deny");
            moved += p == null ? 0 : p;
        }
        if (moved > 0) {
            intents.merge("busy", moved, Double::sum);
        }
    }

    /**
     * A bare {@link CrfSlotRecognizer} uses the segmentation as features, so it segments the text itself rather
     * than being given no tokens. A failing tenant model must not break the call: its turn simply finds nothing.
     */
    private List<Entity> recognise(String text) {
        try {
            return slotEntities instanceof CrfSlotRecognizer crf ? crf.recognize(text) : slotEntities.recognize(text, List.of());
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    boolean hasSlotEntities() {
        return slotEntities != null;
    }

    /** Slot type → values the scenario's slot recogniser finds in the text (empty while it has none). */
    Map<String, List<String>> slotValues(String text) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String t = Utterances.bounded(text);
        if (slotEntities != null && !Utterances.clean(t).isEmpty()) {
            for (Entity e : recognise(t)) {
                out.computeIfAbsent(e.type(), k -> new ArrayList<>()).add(e.value());
            }
        }
        return out;
    }

    /**
     * Fills {@code out} with intent probabilities; true when a generic rule decided them. A turn of several clauses
     * also carries each clause's clear intent (its clause confidence where that is higher than the whole turn's), so
     * the policy's precedence can act on "是我，但我在开车" rather than on its first half alone.
     */
    private boolean intents(String text, Map<String, Double> out) {
        boolean ruled = false;
        for (IntentScore s : generic.classify(text, 5)) {
            out.put(s.intent(), s.probability());
            ruled |= s.source().startsWith("rule:");
        }
        List<String> parts = clauses(text);
        if (parts.size() > 1) {
            for (String clause : parts) {
                List<IntentScore> best = generic.classify(clause, 1);
                if (!best.isEmpty() && best.get(0).probability() >= CLAUSE_FLOOR && !best.get(0).intent().equals("other")) {
                    out.merge(best.get(0).intent(), best.get(0).probability(), Math::max);
                    ruled |= best.get(0).source().startsWith("rule:");
                }
            }
        }
        if (ruled) {
            // a high-precision rule ("不方便" → busy, "找人工" → request_human) is not outvoted by a scenario intent
            // whose examples merely share words with the turn ("我现在不方便" vs "我现在就去弄")
            return true;
        }
        Map<String, Double> sims = intentMatcher.similarities(text);
        sims.entrySet().stream().max(Map.Entry.comparingByValue()).ifPresent(best -> {
            if (best.getValue() >= INTENT_FLOOR) {
                double p = 1 / (1 + Math.exp(-INTENT_SLOPE * (best.getValue() - INTENT_MIDPOINT)));
                out.replaceAll((k, v) -> v * (1 - p));
                out.merge(best.getKey(), p, Double::sum);
            }
        });
        return false;
    }

    /** Whether a high-precision generic rule (not the model) reads the turn or one of its clauses. */
    boolean ruled(String text) {
        String t = Utterances.bounded(text);
        return !Utterances.clean(t).isEmpty() && intents(t, new HashMap<>());
    }

    /** The turn's clauses ("是我，但我在开车" → 是我, 我在开车); one when it does not divide, at most {@value #MAX_CLAUSES}. */
    static List<String> clauses(String text) {
        List<String> out = new ArrayList<>();
        for (String part : CLAUSE_BREAK.split(text)) {
            String c = Utterances.clean(part);
            if (!c.isEmpty() && !FILLERS_ONLY.matcher(c).matches()) {
                out.add(part);
            }
        }
        return out.size() > MAX_CLAUSES ? List.of(text) : out;
    }

    /** A distribution over problems scaled by how much the text looks like any problem at all. */
    private Map<String, Double> problems(String text, String stopStep) {
        return problemMatcher.problems(text, stopStep);
    }
}
