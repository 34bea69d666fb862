package dev.zhiyu.nlp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RuleEntityRecognizerTest {
    /** Wednesday 2026-11-18 10:00 in Shanghai. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-18T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    final RuleEntityRecognizer rules = new RuleEntityRecognizer(CLOCK);

    private List<Entity> of(String type, String text) {
        return rules.recognize(text).stream().filter(e -> e.type().equals(type)).toList();
    }

    private void assertOne(String type, String text, String surface, String value) {
        List<Entity> found = of(type, text);
        assertEquals(1, found.size(), () -> type + " in 「" + text + "」: " + rules.recognize(text));
        assertEquals(surface, found.get(0).text(), "surface");
        assertEquals(value, found.get(0).value(), "value");
        assertEquals(surface, text.substring(found.get(0).start(), found.get(0).end()), "offsets");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "我手机号是13812345678你记一下|13812345678|13812345678",
            "打我电话138 1234 5678吧|138 1234 5678|13812345678",
            "号码+86-13912345678|+86-13912345678|13912345678",
            "幺三八就是１３８１２３４５６７８|１３８１２３４５６７８|13812345678"})
    void mobiles(String text, String surface, String value) { assertOne(Entity.MOBILE, text, surface, value); }

    @Test
    void mobileNeedsExactlyElevenDigits() {
        assertTrue(of(Entity.MOBILE, "流水号138123456789").isEmpty());
        assertTrue(of(Entity.MOBILE, "1381234567").isEmpty());
        assertTrue(of(Entity.MOBILE, "12812345678").isEmpty(), "second digit must be 3-9");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "公司座机010-62345678|010-62345678|01062345678",
            "打(021)87654321找我|(021)87654321|02187654321",
            "客服热线400-820-8820|400-820-8820|4008208820",
            "请拨95555转人工|95555|95555"})
    void landlines(String text, String surface, String value) { assertOne(Entity.LANDLINE, text, surface, value); }

    @Test
    void idCardValidatedAndMasked() {
        String text = "身份证号11010519491231002x没错";
        assertOne(Entity.ID_CARD, text, "11010519491231002x", "11010519491231002X");
        Entity id = of(Entity.ID_CARD, text).get(0);
        assertFalse(id.toString().contains("19491231"), id.toString());
        assertTrue(id.toString().contains("110105********002X"), id.toString());
        assertTrue(of(Entity.ID_CARD, "身份证号110105194912310021").isEmpty(), "bad checksum");
        assertTrue(rules.recognize("身份证号110105194912310021").stream().noneMatch(e -> e.type().equals(Entity.MOBILE)),
                "no mobile inside a long digit run");
        assertEquals("号码110105********002X和110105********0021", Masking.maskText("号码11010519491231002X和110105194912310021"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "那就明天下午三点吧|明天下午三点|2026-11-19T15:00",
            "我們明天下午三點見|明天下午三點|2026-11-19T15:00",
            "下周一再打给我|下周一|2026-11-23",
            "周五有空|周五|2026-11-20",
            "这周一我不在|这周一|2026-11-16",
            "月底之前办完|月底|2026-11-30",
            "下个月底吧|下个月底|2026-12-31",
            "十二月五号开会|十二月五号|2026-12-05",
            "2027年3月8日到期|2027年3月8日|2027-03-08",
            "晚上8点半打过来|晚上8点半|2026-11-18T20:30",
            "后天上午十点一刻|后天上午十点一刻|2026-11-20T10:15",
            "今晚七点|今晚七点|2026-11-18T19:00",
            "14:30开会|14:30|2026-11-18T14:30",
            "下个月再说|下个月|2026-12"})
    void dateTimes(String text, String surface, String value) { assertOne(Entity.DATE_TIME, text, surface, value); }

    @Test
    void impossibleDatesAreDropped() {
        assertTrue(of(Entity.DATE_TIME, "2026年2月30日").isEmpty());
        assertTrue(of(Entity.DATE_TIME, "25点").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "每个月三千五|三千五|3500",
            "能贷1.2万吗|1.2万|12000",
            "五块五一斤|五块五|5.5",
            "两百元手续费|两百元|200",
            "转了3000块钱|3000块钱|3000",
            "一万二的额度|一万二|12000",
            "亏了2.5万元|2.5万元|25000"})
    void money(String text, String surface, String value) { assertOne(Entity.MONEY, text, surface, value); }

    @Test
    void quantitiesThatAreNotMoney() {
        assertTrue(of(Entity.MONEY, "买了三千股").isEmpty(), rules.recognize("买了三千股").toString());
        assertTrue(of(Entity.MONEY, "一万人参加").isEmpty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "收益率5%左右|5%|0.05",
            "涨了百分之三点五|百分之三点五|0.035",
            "跌了３．５％|３．５％|0.035"})
    void percents(String text, String surface, String value) { assertOne(Entity.PERCENT, text, surface, value); }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "我买了600519|600519|600519",
            "贵州茅台怎么样|贵州茅台|600519",
            "看看sh600036|sh600036|600036",
            "000001.SZ今天涨停|000001.SZ|000001",
            "宁德时代跌了|宁德时代|300750"})
    void stocks(String text, String surface, String value) { assertOne(Entity.STOCK, text, surface, value); }

    @Test
    void stockCodeNotTakenFromAmountsOrLongNumbers() {
        assertTrue(of(Entity.STOCK, "600519元").isEmpty());
        assertTrue(of(Entity.STOCK, "订单6005190").isEmpty());
    }

    @Test
    void offsetsSurviveEmojiAndControlCharacters() {
        String text = "😀😀明天\u0007下午三点😀13812345678";
        List<Entity> all = rules.recognize(text);
        for (Entity e : all) assertEquals(e.text(), text.substring(e.start(), e.end()));
        assertEquals(List.of(Entity.DATE_TIME, Entity.DATE_TIME, Entity.MOBILE), all.stream().map(Entity::type).toList(), all.toString());
    }

    @Test
    void overlapsPreferLongestThenPriority() {
        List<Entity> all = rules.recognize("百分之三点五");
        assertEquals(1, all.size(), all.toString());
        assertEquals(Entity.PERCENT, all.get(0).type());
    }

    @Test
    void chineseNumbers() {
        assertEquals("3500", ChineseNumbers.parse("三千五").toPlainString());
        assertEquals("105", ChineseNumbers.parse("一百零五").toPlainString());
        assertEquals("15", ChineseNumbers.parse("十五").toPlainString());
        assertEquals("120000000", ChineseNumbers.parse("一亿两千万").toPlainString());
        assertEquals("2024", ChineseNumbers.parse("二零二四").toPlainString());
        assertEquals("3.5", ChineseNumbers.parse("三点五").toPlainString());
        assertNull(ChineseNumbers.parse("三个"));
    }
}
