package dev.zhiyu.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** DNS rebinding: a name that answers a public address to the check and loopback right after. */
class PinnedAddressesTest {

    @Test
    void theConnectionResolvesTheNameToTheAddressTheCheckAccepted() throws Exception {
        InetAddress publicAddress = InetAddress.getByName("8.8.8.8");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        String host = "rebind-" + System.nanoTime() + ".zhiyu.test";
        AtomicInteger lookups = new AtomicInteger();
        PinnedAddresses.Lookup platform = PinnedAddresses.system;
        PinnedAddresses.system = name -> name.equals(host)
                ? new InetAddress[] {lookups.getAndIncrement() == 0 ? publicAddress : loopback}
                : platform.addresses(name);
        try {
            List<InetAddress> checked = OutboundPolicy.strict().check(URI.create("http://" + host + "/hook"));
            assertEquals(List.of(publicAddress), checked);
            // what the HTTP client's connection gets: the JVM resolver answers from the pin, never loopback
            assertArrayEquals(new InetAddress[] {publicAddress}, InetAddress.getAllByName(host));
            assertEquals(List.of(publicAddress), OutboundPolicy.strict().check(URI.create("https://" + host + "/again")),
                    "a second check within the pin's lifetime sees the same answer, not the rebound one");
            assertEquals(1, lookups.get(), "the name was looked up once, by the first check");
        } finally {
            PinnedAddresses.system = platform;
        }
    }
}
