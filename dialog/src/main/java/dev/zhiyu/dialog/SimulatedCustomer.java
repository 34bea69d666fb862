package dev.zhiyu.dialog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An agenda-based simulated customer of the 开户断点回访 scenario: a persona, a stop step and a problem, answering
 * what the bot just asked (read from the stage and action of the bot's last turn) from its own phrasebook.
 */
final class SimulatedCustomer {
    enum Persona { COOPERATIVE, IMPATIENT, BUSY, WRONG_PERSON }

    static final Map<String, List<String>> PHRASES = phrases();

    final Persona persona;
    final String stopStep;
    final String problem;
    final String choice;
    private final Random random;
    private boolean saidBusy;
    private boolean askedIdentity;
    private boolean hurried;

    SimulatedCustomer(Scenario scenario, Random random) {
        this.random = random;
        double r = random.nextDouble();
        this.persona = r < 0.55 ? Persona.COOPERATIVE : r < 0.75 ? Persona.IMPATIENT : r < 0.9 ? Persona.BUSY
                : Persona.WRONG_PERSON;
        Scenario.Problem p = scenario.problems().get(random.nextInt(scenario.problems().size()));
        this.problem = p.id();
        this.stopStep = p.step();
        this.choice = switch (persona) {
            case COOPERATIVE -> pick(List.of("choose_sms", "choose_human", "resume_now"));
            case IMPATIENT -> pick(List.of("resume_now", "not_interested"));
            default -> "";
        };
    }

    /** The label a correct dialog ends with. */
    String expectedLabel() {
        return switch (persona) {
            case WRONG_PERSON -> "D";
            case BUSY -> "B";
            default -> choice.equals("not_interested") ? "C" : "A";
        };
    }

    /** What the customer says after the bot's turn, or null when there is nothing to say. */
    String reply(TurnRecord botTurn, Scenario scenario) {
        String stage = botTurn.stage();
        if (botTurn.action().equals("confirm") && stage.equals("callback")) {
            return say("give_time");
        }
        if (botTurn.action().equals(EndingCheck.IDENTITY_LABEL)) { // "请问您是王先生本人吗？"
            return persona == Persona.WRONG_PERSON ? say("wrong_person") : say("affirm");
        }
        if (botTurn.action().equals("confirm_end")) { // only those who meant to end the call say yes
            boolean meant = persona == Persona.WRONG_PERSON || choice.equals("not_interested");
            return meant ? say("confirm_yes") : say("confirm_no");
        }
        if (botTurn.action().equals("confirm")) {
            boolean right = botTurn.prompt().contains(scenario.problem(problem).label());
            return right ? say("confirm_yes") : say("confirm_no") + "，" + say("problem." + problem);
        }
        return switch (stage) {
            case "identify" -> identify();
            case "ask_problem" -> askProblem();
            case "offer" -> offer();
            case "callback" -> say("give_time");
            default -> persona == Persona.WRONG_PERSON ? say("wrong_person") : say("affirm");
        };
    }

    private String identify() {
        if (persona == Persona.WRONG_PERSON) {
            return say("wrong_person");
        }
        if (persona == Persona.IMPATIENT && !askedIdentity) {
            askedIdentity = true;
            return say("ask_identity");
        }
        return say("affirm");
    }

    private String offer() {
        return switch (persona) {
            case BUSY -> say("busy");
            case WRONG_PERSON -> say("wrong_person");
            default -> say(choice);
        };
    }

    private String askProblem() {
        if (persona == Persona.BUSY && !saidBusy) {
            saidBusy = true;
            return say("busy");
        }
        if (persona == Persona.IMPATIENT && !hurried) {
            hurried = true;
            return say("hurry");
        }
        return say("problem." + problem);
    }

    private String say(String key) {
        return pick(PHRASES.get(key));
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static Map<String, List<String>> phrases() {
        Map<String, List<String>> m = new HashMap<>();
        try (var in = SimulatedCustomer.class.getResourceAsStream("sim/customer-utterances.tsv");
             var r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] kv = line.split("\t", 2);
                m.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
