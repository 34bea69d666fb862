package dev.zhiyu.server.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Progressive delay per (address, name) and per address; nobody else's sign-in waits for it. */
class SignInThrottleTest {
    private static final String ATTACKER = "203.0.113.7";
    private static final String VICTIM = "198.51.100.20";

    private static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void theDelayDoublesForTheGuessingAddressOnly() {
        Ticking clock = new Ticking();
        SignInThrottle t = new SignInThrottle(clock);
        for (int i = 0; i < SignInThrottle.FREE_PER_NAME; i++) {
            assertEquals(Duration.ZERO, t.wait(ATTACKER, "acme", "boss"));
            t.failed(ATTACKER, "acme", "boss");
        }
        assertEquals(Duration.ZERO, t.wait(ATTACKER, "acme", "boss"), "a few typos cost nothing");
        Duration previous = Duration.ZERO;
        for (int i = 0; i < 12; i++) {
            t.failed(ATTACKER, "acme", "boss");
            Duration wait = t.wait(ATTACKER, "acme", "boss");
            assertTrue(wait.compareTo(previous) > 0 || wait.equals(SignInThrottle.MAX_DELAY), i + ": " + wait + " after " + previous);
            assertTrue(wait.compareTo(SignInThrottle.MAX_DELAY) <= 0);
            assertEquals(Duration.ZERO, t.wait(VICTIM, "acme", "boss"), "the account's owner elsewhere never waits");
            previous = wait;
            clock.advance(wait); // the guesser waits it out, then fails again
        }
        assertEquals(SignInThrottle.MAX_DELAY, previous, "capped at 15 minutes");
        assertEquals(Duration.ZERO, t.wait(ATTACKER, "acme", "other"), "another name from that address: its own count");
        clock.advance(SignInThrottle.FORGET_AFTER);
        t.failed(ATTACKER, "acme", "boss");
        assertEquals(Duration.ZERO, t.wait(ATTACKER, "acme", "boss"), "forgotten an hour after the last failure");
    }

    @Test
    void guessingAcrossManyNamesFromOneAddressIsSlowedToo() {
        Ticking clock = new Ticking();
        SignInThrottle t = new SignInThrottle(clock);
        for (int i = 0; i <= SignInThrottle.FREE_PER_ADDRESS; i++) {
            t.failed(ATTACKER, "acme", "user" + i);
        }
        Duration wait = t.wait(ATTACKER, "acme", "never-tried");
        assertEquals(SignInThrottle.FIRST_DELAY, wait);
        t.succeeded(ATTACKER, "acme", "own-account");
        assertEquals(wait, t.wait(ATTACKER, "acme", "never-tried"), "a success with one's own account does not reset the address");
        assertEquals(Duration.ZERO, t.wait(VICTIM, "acme", "never-tried"));
    }

    @Test
    void aSuccessClearsItsNameAndIpv6CountsPerPrefix() {
        Ticking clock = new Ticking();
        SignInThrottle t = new SignInThrottle(clock);
        for (int i = 0; i < 6; i++) {
            t.failed("2001:db8:1:2::10", "acme", "ann");
        }
        assertTrue(t.wait("2001:db8:1:2:ffff::99", "acme", "ANN").compareTo(Duration.ZERO) > 0,
                "same /64, same name (case-insensitive)");
        assertEquals(Duration.ZERO, t.wait("2001:db8:1:3::10", "acme", "ann"), "another /64");
        t.succeeded("2001:db8:1:2::10", "acme", "ann");
        assertEquals(Duration.ZERO, t.wait("2001:db8:1:2::10", "acme", "ann"));
        assertEquals("2001:db8:1:2::/64", SignInThrottle.addressKey("[2001:db8:1:2:0:0:0:1]"));
        assertEquals("127.0.0.1", SignInThrottle.addressKey("127.0.0.1"));
    }

    @Test
    void aFloodOfNamesDoesNotGrowWithoutBound() {
        Ticking clock = new Ticking();
        SignInThrottle t = new SignInThrottle(clock, 2_000);
        for (int i = 0; i < 20_000; i++) {
            t.failed("10.0." + (i % 250) + "." + (i / 250 % 250), "acme", "u" + i);
        }
        assertTrue(t.counters() <= 2_000 + 300, "counters: " + t.counters());
    }
}
