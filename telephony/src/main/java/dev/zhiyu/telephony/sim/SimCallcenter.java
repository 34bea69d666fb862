package dev.zhiyu.telephony.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * mod_callcenter inside the simulator: queues of agents that are always logged in (status Available). A member
 * sent to a queue waits for a Waiting agent (longest idle first, as mod_callcenter's default strategy), which goes
 * Receiving → In a queue call, talks for its handle time, then the callee hangs up and the agent is Waiting again.
 * Only the state changes the dialer reads are emitted, with the captured header names.
 */
final class SimCallcenter {

    private static final String HEADER = "name|instance_id|uuid|type|contact|status|state|max_no_answer|wrap_up_time"
            + "|reject_delay_time|busy_delay_time|no_answer_delay_time|last_bridge_start|last_bridge_end|last_offered_call"
            + "|last_status_change|no_answer_count|calls_answered|talk_time|ready_time|external_calls_count";

    private static final class Agent {
        final String name;
        volatile String state = "Waiting";
        volatile String status = "Available";
        int calls;

        Agent(String name) {
            this.name = name;
        }
    }

    private record Queue(List<Agent> agents, long handleMillis, AtomicInteger served, AtomicInteger busy, AtomicInteger peak,
                         AtomicInteger waited) {
    }

    private final FsSimulator sim;
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();
    private final AtomicInteger nextAgent = new AtomicInteger(1001);

    SimCallcenter(FsSimulator sim) {
        this.sim = sim;
    }

    void queue(String name, int count, long handleMillis) {
        List<Agent> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            agents.add(new Agent("agent" + nextAgent.getAndIncrement()));
        }
        queues.put(name, new Queue(agents, handleMillis, new AtomicInteger(), new AtomicInteger(), new AtomicInteger(),
                new AtomicInteger()));
    }

    int served(String queue) {
        Queue q = queues.get(queue);
        return q == null ? 0 : q.served().get();
    }

    int peakBusy(String queue) {
        Queue q = queues.get(queue);
        return q == null ? 0 : q.peak().get();
    }

    /** Every agent of the queue changes status (Available, On Break, Logged Out), as {@code callcenter_config agent set status}. */
    void status(String queue, String status) {
        Queue q = queues.get(queue);
        if (q == null) {
            throw new IllegalArgumentException("no simulated queue " + queue);
        }
        for (Agent a : q.agents()) {
            synchronized (q) {
                a.status = status;
            }
            sim.publish(sim.events().callcenter("cc_agent_update", 1000, "CC-Agent", a.name, "CC-Action",
                    "agent-status-change", "CC-Agent-Status", status));
        }
    }

    int waited(String queue) {
        Queue q = queues.get(queue);
        return q == null ? 0 : q.waited().get();
    }

    /** {@code callcenter_config queue list agents <queue>}. */
    String api(String[] p) {
        if (p.length < 5 || !p[1].equals("queue") || !p[2].equals("list") || !p[3].equals("agents")) {
            return "-ERR Usage: callcenter_config queue list agents <queue_name>\n";
        }
        Queue q = queues.get(p[4]);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        if (q != null) {
            synchronized (q) {
                for (Agent a : q.agents()) {
                    sb.append(a.name).append("|single_box||callback|[leg_timeout=10]loopback/").append(a.name)
                            .append('|').append(a.status).append('|').append(a.state).append("|3|0|0|0|0|0|0|0|0|0|").append(a.calls)
                            .append("|0|0|0\n");
                }
            }
        }
        return sb.append("+OK\n").toString();
    }

    /** Runs a member's stay in the queue; false if there is no such queue (then it behaves as a plain transfer). */
    boolean serve(SimChannel ch, String arg) throws InterruptedException {
        Queue q = queues.get(arg.strip());
        if (q == null) {
            return false;
        }
        sim.publish(sim.events().callcenter("cc_member_thread_run", 2400, "CC-Queue", arg.strip(),
                "CC-Action", "member-queue-start", "CC-Member-Session-UUID", ch.uuid));
        Agent agent = null;
        boolean waitedOnce = false;
        while (ch.up() && agent == null) {
            synchronized (q) {
                for (Agent a : q.agents()) {
                    if (a.status.equals("Available") && a.state.equals("Waiting")) {
                        agent = a;
                        a.state = "Receiving";
                        break;
                    }
                }
            }
            if (agent == null) {
                if (!waitedOnce) {
                    waitedOnce = true;
                    q.waited().incrementAndGet();
                }
                SimChannel.Control c = ch.waitOn(100);
                if (c != null) {
                    ch.act(c);
                }
            }
        }
        if (agent == null) {
            return true; // the member hung up while waiting
        }
        q.peak().accumulateAndGet(q.busy().incrementAndGet(), Math::max);
        q.served().incrementAndGet();
        stateChange(agent, "Receiving");
        agent.state = "In a queue call";
        stateChange(agent, "In a queue call");
        sim.publish(sim.events().callcenter("cc_agent_bridge", 1700, "CC-Queue", arg.strip(), "CC-Action",
                "bridge-agent-start", "CC-Agent", agent.name, "CC-Member-Session-UUID", ch.uuid));
        try {
            SimChannel.Control c = ch.waitOn(q.handleMillis());
            if (c != null) {
                ch.act(c);
            }
            if (ch.up()) {
                ch.hangup("NORMAL_CLEARING", "200", "recv_bye", "16");
            }
        } finally {
            sim.publish(sim.events().callcenter("cc_agent_bridge", 1800, "CC-Queue", arg.strip(), "CC-Action",
                    "bridge-agent-end", "CC-Agent", agent.name, "CC-Member-Session-UUID", ch.uuid));
            synchronized (q) {
                agent.calls++;
                agent.state = "Waiting";
            }
            q.busy().decrementAndGet();
            stateChange(agent, "Waiting");
        }
        return true;
    }

    private void stateChange(Agent a, String state) {
        sim.publish(sim.events().callcenter("cc_agent_update", 1067, "CC-Agent", a.name, "CC-Action",
                "agent-state-change", "CC-Agent-State", state));
    }
}
