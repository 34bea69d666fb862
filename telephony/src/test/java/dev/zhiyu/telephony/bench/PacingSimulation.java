package dev.zhiyu.telephony.bench;

import dev.zhiyu.telephony.dialer.PredictivePacer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Pacing on a virtual clock (not a unit test): agents, calls that answer with a given probability, answered calls
 * that need a free agent at once or are abandoned. Compares progressive pacing (one line per free agent) with
 * {@link PredictivePacer}.
 *
 * <pre>mvn -B -q -pl telephony test-compile exec:java -Pbench -Dexec.mainClass=dev.zhiyu.telephony.bench.PacingSimulation</pre>
 *
 * Optional arguments: hours (8), seeds (5), agents (20), handle seconds (120), answer rate (0.3), cap (0.03),
 * {@code constant} for a fixed handle time instead of an exponential one.
 */
public final class PacingSimulation {

    public enum Mode { PROGRESSIVE, PREDICTIVE }

    /**
     * @param handleSeconds  mean of an exponential handle time, or the handle time itself if {@code constantHandle}
     * @param window         rolling window for the abandon rate
     * @param cap            the pacer's abandon cap
     * @param constantHandle every call takes exactly {@code handleSeconds} (as the simulator's agents do)
     */
    public record Model(int agents, double handleSeconds, double answerRate, Duration length, Duration window,
                        double cap, boolean constantHandle) {
        public static Model issue5(Duration length) {
            return new Model(20, 120, 0.3, length, Duration.ofMinutes(30), 0.03, false);
        }

        public Model withAgents(int n) {
            return new Model(n, handleSeconds, answerRate, length, window, cap, constantHandle);
        }

        public Model withAnswerRate(double r) {
            return new Model(agents, handleSeconds, r, length, window, cap, constantHandle);
        }
    }

    /**
     * @param maxRollingAbandon the worst abandon rate over any full window (ending at each answered call)
     * @param occupancy         agent talk time / (agents × length)
     */
    public record Result(Mode mode, long dials, long answered, long abandoned, double occupancy,
                         double overallAbandon, double maxRollingAbandon, double connectsPerAgentHour) {
        public String format() {
            return String.format("%-11s dials=%6d answered=%5d abandoned=%4d occupancy=%5.1f%% abandon=%4.2f%% "
                            + "maxRolling=%4.2f%% connects/agent-hour=%4.1f", mode, dials, answered, abandoned,
                    occupancy * 100, overallAbandon * 100, maxRollingAbandon * 100, connectsPerAgentHour);
        }
    }

    private record Ev(long at, int kind, long id, long placedAt) implements Comparable<Ev> {
        static final int ANSWER = 0;
        static final int FAIL = 1;
        static final int AGENT_FREE = 2;

        @Override
        public int compareTo(Ev o) {
            return at != o.at ? Long.compare(at, o.at) : Integer.compare(kind, o.kind);
        }
    }

    private PacingSimulation() {
    }

    public static Result run(Mode mode, Model m, long seed) {
        Random rnd = new Random(seed);
        PredictivePacer pacer = new PredictivePacer(new PredictivePacer.Settings(m.cap(), m.window(), 0.3,
                Duration.ofMillis(Math.round(m.handleSeconds() * 1000)), Duration.ofSeconds(10)));
        PriorityQueue<Ev> events = new PriorityQueue<>();
        Instant epoch = Instant.parse("2026-03-02T01:00:00Z");
        long end = m.length().toMillis();
        int free = m.agents();
        int dialling = 0;
        long dials = 0;
        long answered = 0;
        long abandoned = 0;
        long busyMillis = 0;
        Deque<long[]> window = new ArrayDeque<>(); // {at, abandoned}
        long windowAbandons = 0;
        double maxRolling = 0;
        long now = 0;
        while (now < end) {
            // events due up to now
            while (!events.isEmpty() && events.peek().at() <= now) {
                Ev e = events.poll();
                switch (e.kind()) {
                    case Ev.ANSWER -> {
                        dialling--;
                        answered++;
                        pacer.attemptEnded(true, Duration.ofMillis(e.at() - e.placedAt()));
                        boolean lost = free == 0;
                        if (lost) {
                            abandoned++;
                            if (Boolean.getBoolean("pacing.debug") && e.at() < m.window().toMillis()) {
                                System.out.printf("  abandon t=%.1f s dialling=%d answerRate=%.3f window=%.3f%n",
                                        e.at() / 1000.0, dialling, pacer.answerRate(), pacer.abandonRate(epoch.plusMillis(e.at())));
                            }
                        } else {
                            free--;
                            long handle = m.constantHandle() ? Math.round(m.handleSeconds() * 1000)
                                    : Math.max(1000, Math.round(-m.handleSeconds() * 1000 * Math.log(1 - rnd.nextDouble())));
                            long until = Math.min(end, e.at() + handle);
                            busyMillis += until - e.at();
                            events.add(new Ev(e.at() + handle, Ev.AGENT_FREE, 0, e.at()));
                        }
                        pacer.answered(epoch.plusMillis(e.at()), lost);
                        window.addLast(new long[]{e.at(), lost ? 1 : 0});
                        windowAbandons += lost ? 1 : 0;
                        while (window.peekFirst()[0] <= e.at() - m.window().toMillis()) {
                            windowAbandons -= window.pollFirst()[1];
                        }
                        if (e.at() >= m.window().toMillis()) {
                            double r = (double) windowAbandons / window.size();
                            if (r > maxRolling && Boolean.getBoolean("pacing.debug")) {
                                System.out.printf("  t=%.1f min window answers=%d abandons=%d free=%d dialling=%d%n",
                                        e.at() / 60000.0, window.size(), windowAbandons, free, dialling);
                            }
                            if (r > m.cap() && Boolean.getBoolean("pacing.debug")) {
                                System.out.printf("  over the cap: t=%.2f min window answers=%d abandons=%d%n",
                                        e.at() / 60000.0, window.size(), windowAbandons);
                            }
                            maxRolling = Math.max(maxRolling, r);
                        }
                    }
                    case Ev.FAIL -> {
                        dialling--;
                        pacer.attemptEnded(false, Duration.ofMillis(e.at() - e.placedAt()));
                    }
                    default -> free++;
                }
            }
            PredictivePacer.Snapshot s = new PredictivePacer.Snapshot(free, m.agents() - free, dialling);
            int place = mode == Mode.PROGRESSIVE ? PredictivePacer.progressive(s)
                    : pacer.callsToPlace(s, epoch.plusMillis(now), 400);
            for (int i = 0; i < place; i++) {
                dials++;
                dialling++;
                if (rnd.nextDouble() < m.answerRate()) {
                    events.add(new Ev(now + 4000 + rnd.nextInt(12_001), Ev.ANSWER, dials, now));
                } else if (rnd.nextBoolean()) {
                    events.add(new Ev(now + 30_000, Ev.FAIL, dials, now)); // rings out (originate_timeout)
                } else {
                    events.add(new Ev(now + 2000 + rnd.nextInt(6001), Ev.FAIL, dials, now)); // busy, invalid, rejected
                }
            }
            now += 1000; // the dialer decides once a second
        }
        double hours = m.length().toMillis() / 3_600_000.0;
        return new Result(mode, dials, answered, abandoned, (double) busyMillis / (m.agents() * (double) end),
                answered == 0 ? 0 : (double) abandoned / answered, maxRolling, (answered - abandoned) / (m.agents() * hours));
    }

    public static void main(String[] args) {
        double hours = args.length > 0 ? Double.parseDouble(args[0]) : 8;
        int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        double handle = args.length > 3 ? Double.parseDouble(args[3]) : 120;
        double answer = args.length > 4 ? Double.parseDouble(args[4]) : 0.3;
        double cap = args.length > 5 ? Double.parseDouble(args[5]) : 0.03;
        boolean constant = args.length > 6 && args[6].equals("constant");
        Model m = new Model(agents, handle, answer, Duration.ofMinutes(Math.round(hours * 60)), Duration.ofMinutes(30),
                cap, constant);
        System.out.printf("pacing simulation: %d agents, handle %.0f s (exponential), answer rate %.0f%%, %.1f h virtual, "
                + "rolling window %d min, abandon = answered with no free agent; %d seeds%n", agents, handle, answer * 100,
                hours, m.window().toMinutes(), seeds);
        long started = System.nanoTime();
        double worst = 0;
        double abandon = 0;
        double[] occ = new double[2];
        for (long seed = 1; seed <= seeds; seed++) {
            for (Mode mode : Mode.values()) {
                Result r = run(mode, m, seed);
                System.out.println("seed " + seed + "  " + r.format());
                occ[mode.ordinal()] += r.occupancy() / seeds;
                if (mode == Mode.PREDICTIVE) {
                    abandon += r.overallAbandon() / seeds;
                    worst = Math.max(worst, r.maxRollingAbandon());
                }
            }
        }
        System.out.printf("mean occupancy: progressive %.1f%%, predictive %.1f%%; mean abandon (predictive) %.2f%%; "
                + "worst rolling abandon (predictive) %.2f%% (cap %.2f%%); %.1f s wall%n", occ[0] * 100, occ[1] * 100,
                abandon * 100, worst * 100, cap * 100, (System.nanoTime() - started) / 1e9);
    }
}
