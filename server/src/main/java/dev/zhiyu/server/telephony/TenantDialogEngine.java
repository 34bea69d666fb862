package dev.zhiyu.server.telephony;

import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.SessionRequest;
import dev.zhiyu.dialog.UserInput;
import dev.zhiyu.server.dialog.DialogService;
import dev.zhiyu.server.dialog.DialogViews;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.server.platform.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The telephone's view of a tenant's {@link DialogService}: the tenant's own scenarios ({@code ScenarioEngine}),
 * every turn persisted in its database like the text channel's, sessions with channel {@code phone}.
 */
final class TenantDialogEngine implements DialogEngine {
    private final DialogService dialogs;
    private final Tenant tenant;
    private final Jdbi jdbi;
    /** The dialog stage each live call is in (by call uuid), for the live wall. */
    private final Map<String, String> stages = new java.util.concurrent.ConcurrentHashMap<>();

    TenantDialogEngine(DialogService dialogs, Tenant tenant, Jdbi jdbi) {
        this.dialogs = dialogs;
        this.tenant = tenant;
        this.jdbi = jdbi;
    }

    @Override
    public DialogSession open(SessionRequest request) {
        DialogViews.Reply first;
        try {
            first = dialogs.start(tenant, request.scenario(), "phone", request.variables());
        } catch (Failure f) {
            throw new IllegalArgumentException(f.getMessage(), f);
        }
        link(request.sessionId(), first.sessionId());
        return new Session(first, request.sessionId());
    }

    /** Notes which dialog talked on the call (a call re-attached after a crash gets a fresh dialog: the newer one counts). */
    private void link(String callId, String sessionId) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM telephony_call_dialogs WHERE call_id = :c").bind("c", callId).execute();
            h.createUpdate("INSERT INTO telephony_call_dialogs (call_id, session_id) VALUES (:c, :s)")
                    .bind("c", callId).bind("s", sessionId).execute();
        });
    }

    /** The stage of the call's dialog after its latest turn, or null before the first turn or after it ended. */
    String stage(String callId) {
        return stages.get(callId);
    }

    private static BotTurn turn(DialogViews.Reply r) {
        List<BotAction> actions = new ArrayList<>();
        for (DialogViews.Action a : r.actions()) {
            switch (a.type()) {
                case "transfer" -> actions.add(new BotAction.Transfer(a.target()));
                case "hangup" -> actions.add(new BotAction.HangUp());
                case "send_sms" -> actions.add(new BotAction.SendSms(a.target()));
                case "opt_out" -> actions.add(new BotAction.OptOut());
                default -> {
                }
            }
        }
        if (r.ended() && actions.stream().noneMatch(x -> x instanceof BotAction.HangUp || x instanceof BotAction.Transfer)) {
            actions.add(new BotAction.HangUp());
        }
        return new BotTurn(r.text(), !r.ended(), actions);
    }

    private final class Session implements DialogSession {
        private final DialogViews.Reply first;
        private final String callId;
        private boolean ended;
        private Outcome outcome;

        Session(DialogViews.Reply first, String callId) {
            this.first = first;
            this.callId = callId;
            this.ended = first.ended();
        }

        private void noteStage() {
            jdbi.withHandle(h -> h.createQuery(
                            "SELECT stage FROM dialog_turns WHERE session_id = :id ORDER BY seq DESC LIMIT 1")
                    .bind("id", id()).mapTo(String.class).findOne())
                    .ifPresent(s -> stages.put(callId, s));
        }

        @Override
        public String id() {
            return first.sessionId();
        }

        @Override
        public BotTurn start() {
            noteStage();
            return turn(first);
        }

        @Override
        public BotTurn hear(UserInput input) {
            return next(dialogs.hear(tenant, id(), input));
        }

        @Override
        public BotTurn silence() {
            return next(dialogs.silence(tenant, id()));
        }

        private BotTurn next(DialogViews.Reply r) {
            ended |= r.ended();
            noteStage();
            return turn(r);
        }

        @Override
        public synchronized Outcome end(EndReason reason) {
            stages.remove(callId);
            if (outcome != null) {
                return outcome;
            }
            if (!ended) {
                try {
                    DialogViews.Ended e = dialogs.end(tenant, id());
                    outcome = new Outcome(e.outcome(), e.slots(), e.turns());
                    return outcome;
                } catch (Failure alreadyEnded) {
                    // ended by the dialog itself meanwhile: read what it stored
                }
            }
            outcome = jdbi.withHandle(h -> h.createQuery(
                            "SELECT outcome_label, turns FROM dialog_sessions WHERE session_id = :id")
                    .bind("id", id())
                    .map((rs, c) -> new Outcome(rs.getString("outcome_label") == null ? "C" : rs.getString("outcome_label"),
                            Map.of(), rs.getInt("turns")))
                    .findOne().orElse(new Outcome("C", Map.of(), 0)));
            return outcome;
        }
    }
}
