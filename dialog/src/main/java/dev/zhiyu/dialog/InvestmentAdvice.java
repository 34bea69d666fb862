package dev.zhiyu.dialog;

import java.util.regex.Pattern;

/**
 * Requests for investment advice or promised returns ("能不能抄底", "推荐个股票", "保本吗"): a robot of a securities firm
 * must not answer them, at any stage, whatever the classifier makes of them. The reply says so and the dialog goes on.
 */
final class InvestmentAdvice {
    /** The scenario's own wording of the refusal, if it has one. */
    static final String PROMPT = "no_advice_answer";
    static final String REPLY = "抱歉，我们不能提供投资建议，也不承诺任何收益，投资有风险，请您根据自己的情况独立判断。";

    private static final Pattern ASKS = Pattern.compile(
            "抄底|逃顶|加仓|减仓|满仓|清仓|割肉|补仓|追涨"
            + "|(推荐|荐|介绍|给我说|告诉我|说说).{0,6}(股票|个股|基金|板块|牛股|票)"
            + "|(买|卖|入手|持有|拿着)(什么|哪只|哪个|哪些|啥)(股|基金|票|好)"
            + "|(能不能|可不可以|该不该|要不要|还能)(买|卖|上车)(?!不)"
            + "|(会不会|能不能|还会|明天|下周|今年).{0,4}(涨|跌)(?!价)"
            + "|(保本|稳赚|稳赚不赔|包赚|保收益|保证收益|收益率?多少|能赚多少|年化多少|回报率?多少|翻倍)"
            + "|(大盘|行情|市场).{0,4}(怎么样|怎么看|走势|会怎样)");

    private InvestmentAdvice() {
    }

    static boolean asks(String text) {
        return ASKS.matcher(Utterances.clean(text)).find();
    }
}
