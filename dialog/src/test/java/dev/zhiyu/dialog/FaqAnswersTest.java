package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.zhiyu.nlp.FaqHit;
import dev.zhiyu.nlp.SentenceEncoder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped FAQ on phrasings it does not hold (written apart from it, as customers say them on the phone) and on
 * ordinary turns of the callback that are no FAQ question at all. The threshold is chosen on these; a wrong answer
 * costs more than none.
 */
class FaqAnswersTest {
    /** Held-out phrasing → the entry that should answer it. */
    static final Map<String, String> HELD_OUT = Map.ofEntries(
            Map.entry("开这个户要花钱不", "fees_opening"),
            Map.entry("你们开户免不免费啊", "fees_opening"),
            Map.entry("手续费高不高", "fees_commission"),
            Map.entry("佣金费率多少啊", "fees_commission"),
            Map.entry("不用的话会收管理费吗", "fees_annual"),
            Map.entry("钱存在你们那会不会没了", "security_funds"),
            Map.entry("资金放证券公司安不安全", "security_funds"),
            Map.entry("我的账户会被别人盗用吗", "security_account"),
            Map.entry("我的身份信息会不会被泄露出去", "privacy"),
            Map.entry("拍的人脸你们用来干什么", "privacy"),
            Map.entry("视频认证是做什么用的", "video_why"),
            Map.entry("视频见证大概要几分钟", "video_prepare"),
            Map.entry("晚上九点还能做视频吗", "video_hours"),
            Map.entry("风险测评是干嘛的", "risk_assessment_why"),
            Map.entry("测出来是保守型会怎么样", "risk_assessment_result"),
            Map.entry("股票几点开始交易", "trading_hours"),
            Map.entry("星期六可以炒股吗", "trading_hours"),
            Map.entry("开完户多久可以用", "opening_duration"),
            Map.entry("开户都要带啥证件", "documents"),
            Map.entry("我儿子十六岁能开户吗", "age"),
            Map.entry("我上次填的东西还有吗", "progress_saved"),
            Map.entry("还得跑营业部一趟吗", "branch_visit"),
            Map.entry("我已经在别的券商开了户还能再开吗", "account_count"),
            Map.entry("以后要销户怎么弄", "close_account"),
            Map.entry("资金怎么转到股票账户里", "transfer_funds"));

    /** Turns of the callback that ask nothing the FAQ knows. */
    static final List<String> UNRELATED = List.of("是我", "对，是我本人", "验证码一直收不到", "我在开车", "好的知道了",
            "你是机器人吗", "不需要了", "视频排队排了好久", "下午三点再打吧", "身份证拍了好几次都不行", "发个短信给我",
            "你们烦不烦", "打错了", "嗯", "我待会自己弄", "转人工", "地址老是填不上去", "你说什么我没听清",
            "我老婆叫我了", "今天天气不错");

    @TempDir
    static Path dir;
    static FaqAnswers faq;

    @BeforeAll
    static void open() throws Exception {
        faq = FaqAnswers.open(dir, SentenceEncoder.bgeSmallZh(), List.of());
    }

    @AfterAll
    static void close() {
        faq.close();
    }

    @Test
    void heldOutPhrasingsAreAnsweredRightAndOrdinaryTurnsAreNot() {
        int right = 0;
        List<String> wrong = new ArrayList<>();
        for (var e : HELD_OUT.entrySet()) {
            Optional<FaqHit> hit = faq.best(e.getKey());
            boolean answered = faq.answer(e.getKey()).isPresent();
            System.out.printf("held-out %.3f (next entry %.3f) %s %s → %s%n", hit.map(FaqHit::score).orElse(0.0),
                    FaqAnswers.runnerUp(faq.search(e.getKey())), answered ? "答" : "不答", e.getKey(),
                    hit.map(FaqAnswers::entryId).orElse("-"));
            if (answered && FaqAnswers.entryId(hit.get()).equals(e.getValue())) {
                right++;
            } else if (answered) {
                wrong.add(e.getKey());
            }
        }
        List<String> falseAnswers = new ArrayList<>();
        for (String turn : UNRELATED) {
            Optional<FaqHit> hit = faq.best(turn);
            System.out.printf("unrelated %.3f %s → %s%n", hit.map(FaqHit::score).orElse(0.0), turn,
                    hit.map(FaqAnswers::entryId).orElse("-"));
            if (faq.answer(turn).isPresent()) {
                falseAnswers.add(turn);
            }
        }
        System.out.printf("held-out answered right %d/%d, answered wrong %s; unrelated answered %s%n", right,
                HELD_OUT.size(), wrong, falseAnswers);
        assertTrue(right >= 0.8 * HELD_OUT.size(), "held-out phrasings answered right: " + right + "/" + HELD_OUT.size());
        assertEquals(List.of(), wrong, "a wrong answer is worse than none");
        assertTrue(falseAnswers.size() <= 1, "ordinary turns taken for FAQ questions: " + falseAnswers);
    }

    @Test
    void aTenantEntryReplacesTheShippedOneOfTheSameId() throws Exception {
        try (FaqAnswers own = FaqAnswers.open(dir.resolve("own"), SentenceEncoder.bgeSmallZh(),
                List.of(new FaqAnswers.Entry("fees_opening", List.of("开户收费吗"), "本公司开户免费，另送两个月低佣。")))) {
            assertEquals(Optional.of("本公司开户免费，另送两个月低佣。"), own.answer("开户收费吗"));
        }
    }

    @Test
    void inACallAnOffScriptQuestionIsAnsweredAndTheStepAskedAgain() {
        ScenarioEngine engine = Conversations.engine(TurnListener.NONE, false);
        engine.useKnowledge(faq);
        DialogSession s = Conversations.open(engine, "4");
        s.start();
        s.hear(UserInput.text("对，是我"));
        BotTurn answered = s.hear(UserInput.text("你们开户免不免费啊"));
        assertTrue(answered.text().startsWith("网上开户是免费的") && answered.text().contains("视频见证"),
                "the answer, then the step's question again: " + answered.text());
        BotTurn refused = s.hear(UserInput.text("那现在能不能抄底"));
        assertTrue(refused.text().startsWith(InvestmentAdvice.REPLY), refused.text());
        assertTrue(refused.actions().isEmpty(), "the call goes on");
        BotTurn problem = s.hear(UserInput.text("视频排队排了好久"));
        assertTrue(problem.text().contains("排队"), "back on the script: " + problem.text());
    }

    @Test
    void investmentAdviceIsRecognisedAndOrdinaryTurnsAreNot() {
        for (String s : List.of("现在能不能抄底", "你给我推荐个股票呗", "这个基金保本吗", "明天大盘会涨吗", "买什么股好",
                "你们的理财收益多少", "该不该卖啊")) {
            assertTrue(InvestmentAdvice.asks(s), s);
        }
        for (String s : List.of("我现在进不去", "视频排队排了好久", "开户收费吗", "我买了新手机", "验证码一直收不到",
                "股票几点开始交易", "银行卡绑不上")) {
            assertFalse(InvestmentAdvice.asks(s), s);
        }
    }
}
