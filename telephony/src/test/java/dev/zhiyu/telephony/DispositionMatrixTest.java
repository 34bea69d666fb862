package dev.zhiyu.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zhiyu.telephony.esl.EslEvent;
import dev.zhiyu.telephony.esl.EventParser;
import dev.zhiyu.telephony.esl.FrameDecoder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every row of the captured hang-up matrix and every captured CHANNEL_HANGUP_COMPLETE, and the rules beyond them. */
class DispositionMatrixTest {

    private static final Duration EARLY = Duration.ofSeconds(5);

    /** Matrix label → disposition; the callee who hung up at 3 s without a word is an early hang-up. */
    private static final Map<String, Disposition> MATRIX = Map.of(
            "dead_peer", Disposition.CARRIER_FAULT,
            "busy_486", Disposition.BUSY,
            "notfound_404", Disposition.INVALID_NUMBER,
            "decline_603", Disposition.REJECTED,
            "unavail_480", Disposition.UNAVAILABLE,
            "svcunavail_503", Disposition.CARRIER_FAULT,
            "callee_bye", Disposition.EARLY_HANGUP,
            "answered_gw", Disposition.COMPLETED,
            "noanswer_ring", Disposition.NO_ANSWER,
            "bad_gateway", Disposition.GATEWAY_ERROR);

    /** Frame file → disposition. */
    private static final Map<String, Disposition> FRAMES = Map.of(
            "CALL_REJECTED__recv_refuse", Disposition.REJECTED,
            "NORMAL_CLEARING__recv_bye", Disposition.EARLY_HANGUP,
            "NORMAL_CLEARING__send_bye", Disposition.COMPLETED,
            "NORMAL_TEMPORARY_FAILURE__recv_refuse", Disposition.CARRIER_FAULT,
            "NO_ANSWER__send_cancel", Disposition.NO_ANSWER,
            "NO_USER_RESPONSE__recv_refuse", Disposition.UNAVAILABLE,
            "ORIGINATOR_CANCEL__send_bye", Disposition.COMPLETED,
            "UNALLOCATED_NUMBER__recv_refuse", Disposition.INVALID_NUMBER,
            "USER_BUSY__recv_refuse", Disposition.BUSY,
            "USER_BUSY__send_bye", Disposition.COMPLETED);

    @Test
    void everyMatrixRowHasItsDisposition() throws Exception {
        JsonNode rows = new ObjectMapper().readTree(Fixtures.read("hangup_matrix.json"));
        Map<String, Disposition> seen = new TreeMap<>();
        for (JsonNode row : rows) {
            String label = row.path("label").asText();
            String job = row.path("bgapi_result").asText();
            String cause = row.hasNonNull("hangup_cause") ? row.get("hangup_cause").asText()
                    : job.startsWith("-ERR ") ? job.substring(5).strip() : null;
            boolean answered = job.startsWith("+OK") || "ANSWER".equals(row.path("endpoint_disposition").asText());
            HangupFacts facts = new HangupFacts(cause, text(row, "sip_term_status"), text(row, "sip_hangup_disposition"),
                    answered, row.path("billsec").asLong(0), false);
            seen.put(label, Disposition.of(facts, EARLY));
        }
        assertEquals(new TreeMap<>(MATRIX), seen, "matrix rows (a new row needs its expected disposition here)");
    }

    @Test
    void everyCapturedHangupFrameHasItsDisposition() {
        Map<String, Disposition> seen = new TreeMap<>();
        for (Path p : Fixtures.files("events/plain", ".frame")) {
            String name = p.getFileName().toString();
            if (name.startsWith("CHANNEL_HANGUP_COMPLETE__")) {
                EslEvent e = frame(name);
                seen.put(name.substring("CHANNEL_HANGUP_COMPLETE__".length(), name.length() - ".frame".length()),
                        Disposition.of(HangupFacts.fromEvent(e::get, false, false), EARLY));
            }
        }
        assertEquals(new TreeMap<>(FRAMES), seen, "captured frames (a new frame needs its expected disposition here)");
    }

    @Test
    void sip603IsARejectionNotAnOptOut() {
        HangupFacts decline = HangupFacts.fromEvent(frame("CHANNEL_HANGUP_COMPLETE__CALL_REJECTED__recv_refuse.frame")::get,
                false, false);
        Disposition d = Disposition.of(decline, EARLY);
        assertEquals(Disposition.REJECTED, d);
        assertFalse(d.retryable(), "a decline is not redialled");
        // under NORMAL_CLEARING too (a carrier's Reason: Q.850;cause=16)
        assertEquals(Disposition.REJECTED, Disposition.of(withCause(decline, "NORMAL_CLEARING"), EARLY));
    }

    @Test
    void sip480And408UnderNormalClearingAreNoAnswerAndRetried() {
        HangupFacts unavailable = HangupFacts.fromEvent(
                frame("CHANNEL_HANGUP_COMPLETE__NO_USER_RESPONSE__recv_refuse.frame")::get, false, false);
        for (String status : new String[]{"480", "408"}) {
            HangupFacts f = new HangupFacts("NORMAL_CLEARING", status, "recv_refuse", false, 0, false);
            Disposition d = Disposition.of(f, EARLY);
            assertEquals(Disposition.NO_ANSWER, d, "NORMAL_CLEARING + SIP " + status);
            assertTrue(d.retryable());
            assertNotNull(TaskSpec.defaultRetryDelays().get(d), "a default retry delay for " + d);
        }
        assertEquals(Disposition.NO_ANSWER, Disposition.of(withCause(unavailable, "NORMAL_CLEARING"), EARLY),
                "the captured 480 frame, re-labelled NORMAL_CLEARING as a carrier sends it");
        assertEquals(Disposition.FAILED, Disposition.of(HangupFacts.cause("NORMAL_CLEARING", false), EARLY),
                "no SIP status: nothing says it was a no-answer");
    }

    @Test
    void anEarlyCallerHangUpIsItsOwnRetryableOutcome() {
        HangupFacts bye = HangupFacts.fromEvent(frame("CHANNEL_HANGUP_COMPLETE__NORMAL_CLEARING__recv_bye.frame")::get,
                false, false);
        assertTrue(bye.answered(), "answered time on the frame");
        assertEquals(3, bye.talkSeconds());
        assertEquals(Disposition.EARLY_HANGUP, Disposition.of(bye, EARLY));
        assertTrue(Disposition.EARLY_HANGUP.retryable());
        assertNotNull(TaskSpec.defaultRetryDelays().get(Disposition.EARLY_HANGUP));
        assertEquals(Disposition.COMPLETED, Disposition.of(bye, Duration.ofSeconds(3)), "3 s is not under a 3 s bound");
        assertEquals(Disposition.COMPLETED, Disposition.of(bye, Duration.ZERO), "bound zero: rule off");
        HangupFacts spoke = new HangupFacts(bye.cause(), bye.sipStatus(), bye.sipDisposition(), true, 3, true);
        assertEquals(Disposition.COMPLETED, Disposition.of(spoke, EARLY), "the customer answered the greeting");
        HangupFacts weHungUp = HangupFacts.fromEvent(frame("CHANNEL_HANGUP_COMPLETE__NORMAL_CLEARING__send_bye.frame")::get,
                false, false);
        assertEquals(Disposition.COMPLETED, Disposition.of(weHungUp, EARLY), "our own BYE is never the customer's");
    }

    private static HangupFacts withCause(HangupFacts f, String cause) {
        return new HangupFacts(cause, f.sipStatus(), f.sipDisposition(), f.answered(), f.talkSeconds(), f.customerSpoke());
    }

    private static String text(JsonNode row, String field) {
        return row.hasNonNull(field) ? row.get(field).asText() : null;
    }

    private static EslEvent frame(String file) {
        return EventParser.parse(new FrameDecoder().feed(Fixtures.read("events/plain/" + file)).get(0));
    }
}
