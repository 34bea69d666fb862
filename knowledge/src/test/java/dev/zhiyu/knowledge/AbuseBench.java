package dev.zhiyu.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hostile SPARQL from one tenant beside another tenant's profiles (issue 21, finding 4). Tenant A has a TDB2 graph of
 * {@code companies} and sends {@code copies} copies of the runaway property path in a loop; tenant B asks for profiles.
 * Prints B's profile p50/p99 alone and under attack, how each hostile query ended and how long it took.
 * <pre>MAVEN_OPTS="-Xmx2g" mvn -B -q -pl knowledge test-compile exec:java -Dexec.mainClass=dev.zhiyu.knowledge.AbuseBench -Dexec.args="20000 3 20"</pre>
 */
public final class AbuseBench {
    private static final String HOSTILE = "SELECT ?a ?b { ?a (!<urn:x>|^!<urn:x>)* ?b } LIMIT 5";

    private AbuseBench() {
    }

    public static void main(String[] args) throws Exception {
        int companies = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int copies = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        KnowledgeGraph a = KnowledgeGraphs.inMemory();
        a.load(SyntheticGraph.generate(companies, 1));
        KnowledgeGraph b = KnowledgeGraphs.indexOnly();
        b.load(SyntheticGraph.generate(2_000, 2));
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 2_000; i += 7) {
            refs.add("C" + i);
        }
        profiles(b, refs, 3_000); // warm-up
        System.out.println("B alone:        " + profiles(b, refs, seconds * 1_000L / 2));
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger timeouts = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        List<Long> hostileMillis = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            attackers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    long t = System.nanoTime();
                    try {
                        a.sparql(HOSTILE, new SparqlLimits(5_000, 10));
                        other.incrementAndGet();
                    } catch (SparqlException e) {
                        switch (e.reason) {
                            case TIMEOUT -> timeouts.incrementAndGet();
                            case BUSY -> {
                                busy.incrementAndGet();
                                pause(); // as a client would after a 429
                            }
                            default -> other.incrementAndGet();
                        }
                    }
                    hostileMillis.add((System.nanoTime() - t) / 1_000_000);
                }
            }));
        }
        String attacked = profiles(b, refs, seconds * 1_000L);
        stop.set(true);
        for (Thread t : attackers) {
            t.join();
        }
        long[] h = hostileMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println("B under attack: " + attacked);
        System.out.printf("A hostile: %d timeouts (408), %d busy (429), %d other; slowest answer %d ms; heap used %d MB%n",
                timeouts.get(), busy.get(), other.get(), h.length == 0 ? 0 : h[h.length - 1],
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        a.close();
        b.close();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String profiles(KnowledgeGraph g, List<String> refs, long millis) {
        List<Long> nanos = new ArrayList<>();
        long end = System.currentTimeMillis() + millis;
        for (int i = 0; System.currentTimeMillis() < end; i++) {
            long t = System.nanoTime();
            g.profile(refs.get(i % refs.size()));
            nanos.add(System.nanoTime() - t);
        }
        long[] s = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(s);
        return String.format("%d profiles, p50 %.2f ms, p99 %.2f ms, max %.2f ms", s.length, s[s.length / 2] / 1e6,
                s[(int) (s.length * 0.99)] / 1e6, s[s.length - 1] / 1e6);
    }
}
