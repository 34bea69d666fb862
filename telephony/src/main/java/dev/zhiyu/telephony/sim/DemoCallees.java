package dev.zhiyu.telephony.sim;

import dev.zhiyu.dialog.UserInput.Hypothesis;
import dev.zhiyu.telephony.sim.Callee.Utterance;
import java.util.List;
import java.util.function.Function;

/**
 * Demo mode's simulated callees: a fixed mix chosen by the number, speaking Chinese to the account-opening
 * callback scenario with ASR-style N-best (the best guess sometimes wrong), plus the network outcomes FreeSWITCH
 * reports (busy, no answer, dead number, rejection).
 */
public final class DemoCallees implements Function<String, Callee> {
    static final int KINDS = 12;

    private static Utterance nbest(String best, double c1, String second, double c2) {
        return new Utterance.Speech(List.of(new Hypothesis(best, c1), new Hypothesis(second, c2)));
    }

    /** Behaviour {@code k} of {@link #KINDS}, each with a short Chinese description. */
    static Callee behaviour(int k) {
        return switch (k) {
            case 0 -> Callee.answers(Callee.says("是我"), nbest("视频排队排了很九", 0.81, "视频排队排了很久", 0.74),
                    Callee.says("对"), Callee.says("发个短信给我吧")).ringing(4000);
            case 1 -> Callee.answers(Callee.says("是的是我"), Callee.says("验证码一直收不到"), Callee.says("帮我转人工"))
                    .ringing(6000).duplicatingSpeech();
            case 2 -> Callee.answers(Callee.says("嗯是我"), Callee.says("我晚点自己弄"), Callee.says("明天下午三点吧"),
                    Callee.says("对"))
                    .ringing(3000);
            case 3 -> Callee.answers(nbest("你打错了我不是", 0.77, "你打错了我不四", 0.52)).ringing(5000);
            case 4 -> Callee.answers(Callee.says("不需要，别再给我打电话了")).ringing(2000);
            case 5 -> Callee.answers(new Utterance.Silence(), new Utterance.Silence(), new Utterance.Silence()).ringing(4000);
            case 6 -> Callee.answers(Callee.says("是我"), new Utterance.HangUp()).ringing(3000);
            case 7 -> Callee.answers(Callee.says("对，是我"), Callee.says("身份证拍了好几次都识别不了"), Callee.says("是的"),
                    Callee.says("我现在就去弄")).ringing(7000);
            case 8 -> Callee.of(Callee.Kind.BUSY).ringing(1500);
            case 9 -> Callee.of(Callee.Kind.NO_ANSWER).ringing(20_000);
            case 10 -> Callee.of(Callee.Kind.INVALID_NUMBER).ringing(1000);
            default -> Callee.of(Callee.Kind.REJECT).ringing(2500);
        };
    }

    @Override
    public Callee apply(String number) {
        String digits = number.replaceAll("\\D", "");
        int k = digits.isEmpty() ? 0 : (int) (Long.parseLong(digits.substring(Math.max(0, digits.length() - 6))) % KINDS);
        return behaviour(k);
    }
}
