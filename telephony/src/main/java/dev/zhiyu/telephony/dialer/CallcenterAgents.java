package dev.zhiyu.telephony.dialer;

import dev.zhiyu.telephony.esl.EslEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agents of one mod_callcenter queue, as {@link Dialer.Agents} for predictive pacing. Membership, status and
 * state come from {@code api callcenter_config queue list agents <queue>} ({@link #load}: a {@code |}-separated
 * table whose first line names the columns, ending with {@code +OK}); between refreshes the
 * {@code CUSTOM callcenter::info} events keep them current: {@code CC-Action: agent-status-change} carries
 * {@code CC-Agent-Status} (Available, On Break, Logged Out…), {@code agent-state-change} carries
 * {@code CC-Agent-State} (Waiting, Receiving, In a queue call, Idle). Those events name the agent only (no
 * queue), so events of agents not in the queue's list are ignored.
 *
 * <p>Free = status Available (or Available (On Demand)) and state Waiting, less the calls the dialer has sent to
 * the queue that no agent has taken yet (a claim is consumed when an agent leaves Waiting, or expires after
 * {@code claimHold}). Busy = available agents not Waiting (they will become free).
 */
public final class CallcenterAgents implements Dialer.Agents {

    private record Agent(String status, String state) {
    }

    private final String queue;
    private final Clock clock;
    private final Duration claimHold;
    private final Map<String, Agent> agents = new HashMap<>();
    private final Deque<Instant> pendingClaims = new ArrayDeque<>();

    /** @param queue the mod_callcenter queue name as the dialer transfers to it, e.g. {@code sales@default} */
    public CallcenterAgents(String queue, Clock clock, Duration claimHold) {
        this.queue = queue;
        this.clock = clock;
        this.claimHold = claimHold;
    }

    public String queue() {
        return queue;
    }

    /** The api command whose answer {@link #load} reads. */
    public String listCommand() {
        return "callcenter_config queue list agents " + queue;
    }

    /** Replaces membership and states from the answer to {@link #listCommand()}; an {@code -ERR} answer is ignored. */
    public synchronized boolean load(String answer) {
        if (answer == null || answer.startsWith("-ERR")) {
            return false;
        }
        List<String> lines = answer.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("+OK")).toList();
        if (lines.isEmpty()) {
            agents.clear();
            return true;
        }
        List<String> cols = List.of(lines.get(0).split("\\|", -1));
        int name = cols.indexOf("name");
        int status = cols.indexOf("status");
        int state = cols.indexOf("state");
        if (name < 0 || status < 0 || state < 0) {
            return false;
        }
        Map<String, Agent> fresh = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] f = l.split("\\|", -1);
            if (f.length > Math.max(name, Math.max(status, state))) {
                fresh.put(f[name], new Agent(f[status], f[state]));
            }
        }
        agents.clear();
        agents.putAll(fresh);
        return true;
    }

    /** Feeds one event; anything but {@code CUSTOM callcenter::info} agent changes is ignored. */
    public synchronized void accept(EslEvent e) {
        if (!"CUSTOM".equals(e.name()) || !"callcenter::info".equals(e.subclass())) {
            return;
        }
        String name = e.get("CC-Agent");
        Agent a = name == null ? null : agents.get(name);
        if (a == null) {
            return;
        }
        String action = e.getOrEmpty("CC-Action");
        if (action.equals("agent-status-change") && e.get("CC-Agent-Status") != null) {
            agents.put(name, new Agent(e.get("CC-Agent-Status"), a.state()));
        } else if (action.equals("agent-state-change") && e.get("CC-Agent-State") != null) {
            String next = e.get("CC-Agent-State");
            if (a.state().equals("Waiting") && !next.equals("Waiting")) {
                pendingClaims.pollFirst(); // an agent took one of the calls we sent
            }
            agents.put(name, new Agent(a.status(), next));
        }
    }

    private static boolean available(Agent a) {
        return a.status().startsWith("Available");
    }

    private void expire() {
        Instant from = clock.instant().minus(claimHold);
        while (!pendingClaims.isEmpty() && pendingClaims.peekFirst().isBefore(from)) {
            pendingClaims.pollFirst();
        }
    }

    @Override
    public synchronized int free() {
        expire();
        long waiting = agents.values().stream().filter(a -> available(a) && a.state().equals("Waiting")).count();
        return (int) Math.max(0, waiting - pendingClaims.size());
    }

    @Override
    public synchronized int busy() {
        expire();
        long onCall = agents.values().stream().filter(a -> available(a) && !a.state().equals("Waiting")).count();
        return (int) onCall + Math.min(pendingClaims.size(), (int) agents.values().stream()
                .filter(a -> available(a) && a.state().equals("Waiting")).count());
    }

    @Override
    public synchronized boolean claim() {
        if (free() <= 0) {
            return false;
        }
        pendingClaims.addLast(clock.instant());
        return true;
    }

    @Override
    public void release() {
        // bookkeeping only: the agent's own state change (back to Waiting) frees it
    }

    /** Agents known in the queue (for status pages and tests). */
    public synchronized int members() {
        return agents.size();
    }
}
