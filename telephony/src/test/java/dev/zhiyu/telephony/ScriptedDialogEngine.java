package dev.zhiyu.telephony;

import dev.zhiyu.dialog.BotAction;
import dev.zhiyu.dialog.BotTurn;
import dev.zhiyu.dialog.DialogEngine;
import dev.zhiyu.dialog.DialogSession;
import dev.zhiyu.dialog.Outcome;
import dev.zhiyu.dialog.SessionRequest;
import dev.zhiyu.dialog.UserInput;

import java.util.List;
import java.util.Map;

/** A tiny account-opening follow-up: transfer on 转人工, opt out on 不需要, otherwise thank and hang up. */
public final class ScriptedDialogEngine implements DialogEngine {

    private final boolean patient;

    public ScriptedDialogEngine() {
        this(false);
    }

    /** @param patient silence asks again instead of ending the call */
    public ScriptedDialogEngine(boolean patient) {
        this.patient = patient;
    }

    @Override
    public DialogSession open(SessionRequest request) {
        return new DialogSession() {
            private int turns;
            private String label = "no_response";

            @Override
            public String id() {
                return request.sessionId();
            }

            @Override
            public BotTurn start() {
                String step = request.variables().getOrDefault("开户步骤", "开户");
                return new BotTurn("您好，看到您在" + step + "这一步停下了，请问遇到什么问题了吗？", true, List.of());
            }

            @Override
            public BotTurn hear(UserInput input) {
                turns++;
                String text = input.nbest().isEmpty() ? "" : input.nbest().get(0).text();
                if (text.contains("转人工")) {
                    label = "transfer";
                    return new BotTurn("好的，正在为您转接人工客服。", false, List.of(new BotAction.Transfer("queue:sales")));
                }
                if (text.contains("不需要")) {
                    label = "opt_out";
                    return new BotTurn("好的，以后不再打扰您，再见。", false,
                            List.of(new BotAction.OptOut(), new BotAction.HangUp()));
                }
                label = "will_continue";
                return new BotTurn("好的，稍后把开户链接发给您，再见。", false,
                        List.of(new BotAction.SendSms("open_link"), new BotAction.HangUp()));
            }

            @Override
            public BotTurn silence() {
                if (patient) {
                    return new BotTurn("您还在吗？请问遇到什么问题了吗？", true, List.of());
                }
                return new BotTurn("不好意思没听清，稍后再联系您，再见。", false, List.of(new BotAction.HangUp()));
            }

            @Override
            public Outcome end(EndReason reason) {
                return new Outcome(label, Map.of(), turns);
            }
        };
    }
}
