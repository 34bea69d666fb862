package dev.zhiyu.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;

/**
 * An exception out of an event stream whose response is committed: a client that left is logged at debug, anything
 * else is a failure of ours and logged at WARN (was: everything at debug).
 */
class ClientLeftTest {

    @Test
    void aClientLeavingIsAnIoFailureAnywhereInTheCauses() {
        assertTrue(ApiServer.clientLeft(new EofException("reset")));
        assertTrue(ApiServer.clientLeft(new ClosedChannelException()));
        assertTrue(ApiServer.clientLeft(new UncheckedIOException(new IOException("Broken pipe"))));
        assertTrue(ApiServer.clientLeft(new IllegalStateException("send failed", new RuntimeException(new EofException()))));
    }

    @Test
    void anythingElseIsOurs() {
        assertFalse(ApiServer.clientLeft(new NullPointerException("recycled request")));
        assertFalse(ApiServer.clientLeft(new IllegalStateException("bug")));
        assertFalse(ApiServer.clientLeft(new IllegalStateException(new JsonProcessingException("no serializer") { })),
                "a JSON error is an IOException to Jackson, but ours");
        RuntimeException loop = new RuntimeException("a");
        RuntimeException other = new RuntimeException("b", loop);
        loop.initCause(other);
        assertFalse(ApiServer.clientLeft(loop), "a looping cause chain ends");
    }
}
