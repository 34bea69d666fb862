package dev.zhiyu.server.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolver.LookupPolicy;
import java.net.spi.InetAddressResolverProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The addresses {@link OutboundPolicy} checked for a host name, pinned: for the next {@link #TTL} every lookup of that
 * name in this JVM (the HTTP client's connection included) answers exactly those addresses. Without the pin a DNS
 * record that changes between the check and the connection (rebinding: first a public address, then 127.0.0.1) would
 * send the request where the check never looked. Installed as the JVM's name resolver
 * ({@code META-INF/services/java.net.spi.InetAddressResolverProvider}); names never checked resolve as before.
 */
public final class PinnedAddresses {
    static final Duration TTL = Duration.ofMinutes(5);
    private static final int MAX_PINS = 10_000;

    private record Pin(List<InetAddress> addresses, long until) {
    }

    /** Most recently pinned last; the oldest is dropped beyond {@link #MAX_PINS}. */
    private static final Map<String, Pin> PINS = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pin> eldest) {
            return size() > MAX_PINS;
        }
    };
    /** The platform's resolver, which the pins sit in front of; a test may stand in for it. */
    static volatile Lookup system = host -> InetAddress.getAllByName(host);

    /** Resolves a name without the pins (and without the JVM's address cache when installed). */
    interface Lookup {
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    private PinnedAddresses() {
    }

    /** A name's addresses: the pinned ones while the pin lasts, else a fresh answer (not yet pinned). */
    static InetAddress[] resolve(String host) throws UnknownHostException {
        if (host.contains(":") || host.matches("[0-9.]+")) {
            return InetAddress.getAllByName(host); // a literal: nothing to look up or pin
        }
        List<InetAddress> pinned = pinned(host);
        return pinned != null ? pinned.toArray(InetAddress[]::new) : system.addresses(host);
    }

    /** Pins the addresses the policy accepted for {@code host}. */
    static synchronized void pin(String host, List<InetAddress> addresses) {
        if (host.contains(":") || host.matches("[0-9.]+")) {
            return;
        }
        PINS.put(host, new Pin(List.copyOf(addresses), System.nanoTime() + TTL.toNanos()));
    }

    private static synchronized List<InetAddress> pinned(String host) {
        Pin p = PINS.get(host);
        if (p == null) {
            return null;
        }
        if (System.nanoTime() - p.until() > 0) {
            PINS.remove(host);
            return null;
        }
        return p.addresses();
    }

    /** The JVM-wide resolver: pinned names from the pins, every other name from the platform's resolver. */
    public static final class Provider extends InetAddressResolverProvider {
        @Override
        public InetAddressResolver get(Configuration configuration) {
            InetAddressResolver builtin = configuration.builtinResolver();
            system = host -> builtin.lookupByName(host, LookupPolicy.of(LookupPolicy.IPV4 | LookupPolicy.IPV6))
                    .toArray(InetAddress[]::new);
            return new InetAddressResolver() {
                @Override
                public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                    List<InetAddress> pinned = pinned(host.toLowerCase(java.util.Locale.ROOT));
                    if (pinned == null) {
                        return builtin.lookupByName(host, policy);
                    }
                    boolean v4 = (policy.characteristics() & LookupPolicy.IPV4) != 0;
                    boolean v6 = (policy.characteristics() & LookupPolicy.IPV6) != 0;
                    List<InetAddress> fit = pinned.stream().filter(a -> a instanceof java.net.Inet4Address ? v4 : v6).toList();
                    if (fit.isEmpty()) {
                        throw new UnknownHostException(host);
                    }
                    return fit.stream();
                }

                @Override
                public String lookupByAddress(byte[] addr) throws UnknownHostException {
                    return builtin.lookupByAddress(addr);
                }
            };
        }

        @Override
        public String name() {
            return "zhiyu-pinned-addresses";
        }
    }
}
