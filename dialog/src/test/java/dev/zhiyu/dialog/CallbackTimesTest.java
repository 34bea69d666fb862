package dev.zhiyu.dialog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Callback times as customers say them (the exchanges of issue 17 among them); Thursday 2026-12-03 unless noted. */
class CallbackTimesTest {
    private static final LocalDateTime MORNING = LocalDateTime.parse("2026-12-03T10:00");
    private static final CallbackTimes.Window WINDOW = CallbackTimes.Window.DEFAULT; // 09:00-20:00

    @Test
    void piecesSaidApartAreOneTime() {
        assertAt("2026-12-09T15:00", "", read("下周三下午吧，三点以后", MORNING));
        assertAt("2026-12-03T19:00", "", read("晚上吧，七点以后", MORNING));
        assertAt("2026-12-12T15:00", "", read("12号下午三点", MORNING));
        assertAt("2026-12-04T09:30", "", read("明天早上九点半", MORNING));
    }

    @Test
    void aBareHourIsReadInsideTheCallingWindow() {
        assertAt("2026-12-03T18:00", "", read("等我下班六点以后", MORNING));
        assertAt("2026-12-03T19:00", "", read("七点吧", MORNING));
        assertAt("2026-12-03T15:00", "", read("三点再打", MORNING));
        assertAt("2026-12-03T11:00", "", read("十一点", MORNING));
    }

    @Test
    void aTimeAlreadyPastMovesToTheNextDayAndSaysSo() {
        LocalDateTime evening = LocalDateTime.parse("2026-12-03T18:06");
        assertAt("2026-12-04T15:00", "今天下午3点已经过了，", read("下午三点", evening));
        assertAt("2026-12-04T10:00", "今天上午10点已经过了，", read("十点", LocalDateTime.parse("2026-12-03T10:30")));
        assertAt("2026-12-04T15:00", "今天下午3点已经过了，", read("今天下午三点", evening));
    }

    @Test
    void nightIsNeverAgreed() {
        assertAt("2026-12-03T20:00", "晚上10点太晚了，", read("晚上十点", MORNING));
        assertAt("2026-12-04T09:00", "凌晨3点太早了，", read("凌晨三点", MORNING));
        assertAt("2026-12-04T09:00", "今天那时已经太晚了，", read("两个小时以后", LocalDateTime.parse("2026-12-03T19:00")));
    }

    @Test
    void spansFromNowAreRoundedUpToFiveMinutes() {
        assertAt("2026-12-03T10:30", "", read("半小时后再打", MORNING));
        assertAt("2026-12-03T10:40", "", read("半个小时以后吧", LocalDateTime.parse("2026-12-03T10:07")));
        assertAt("2026-12-03T11:30", "", read("一个半小时后", MORNING));
    }

    @Test
    void aNegatedDayIsDropped() {
        assertAsk("后天下午", read("不是明天，是后天下午", MORNING));
        assertAt("2026-12-05T15:00", "", read("不是明天是后天下午三点", MORNING));
        assertAsk("上午", read("你们别下午打，上午吧", MORNING));
    }

    @Test
    void vagueTimesAskForTheMissingPart() {
        assertAsk("下午", read("下午吧", MORNING));
        assertAsk("12月9日", read("下周三", MORNING));
        assertAsk("", read("晚点再说吧", MORNING));
        assertAsk("", read("2月30号三点", MORNING));
    }

    @Test
    void whatWasSaidBeforeCompletesTheNextTurn() {
        assertAt("2026-12-03T15:00", "", CallbackTimes.read("三点", MORNING, WINDOW, "下午吧"));
        assertAt("2026-12-05T15:00", "", CallbackTimes.read("三点吧", MORNING, WINDOW, "后天下午"));
        assertAt("2026-12-09T16:00", "", CallbackTimes.read("改成四点吧", MORNING, WINDOW, "下周三下午三点"));
        assertTrue(CallbackTimes.read("不对", MORNING, WINDOW, "下周三下午三点") instanceof CallbackTimes.Nothing,
                "a turn that says nothing about time does not repeat the earlier time");
    }

    @Test
    void wordsThatAreNotTimesAreNothing() {
        for (String s : new String[] {"我在开车", "好的", "说快一点", "我那个资料填不上去", "嗯"}) {
            assertTrue(read(s, MORNING) instanceof CallbackTimes.Nothing, s);
        }
    }

    @Test
    void aWindowMustStartBeforeItEnds() {
        assertThrows(IllegalArgumentException.class, () -> new CallbackTimes.Window(
                java.time.LocalTime.of(20, 0), java.time.LocalTime.of(9, 0)));
    }

    private static CallbackTimes.Reading read(String text, LocalDateTime now) {
        return CallbackTimes.read(text, now, WINDOW, null);
    }

    private static void assertAt(String expected, String note, CallbackTimes.Reading r) {
        assertTrue(r instanceof CallbackTimes.At, "expected a time, got " + r);
        assertEquals(expected, CallbackTimes.iso(r).get(0));
        assertEquals(note, ((CallbackTimes.At) r).note());
    }

    private static void assertAsk(String known, CallbackTimes.Reading r) {
        assertEquals(new CallbackTimes.Ask(known), r);
    }
}
