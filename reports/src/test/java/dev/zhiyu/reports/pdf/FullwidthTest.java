package dev.zhiyu.reports.pdf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FullwidthTest {

    @Test
    void foldsFullWidthAsciiAndDashes() {
        assertEquals("营业收入(元) 1,234.5", Fullwidth.fold("营业收入（元）\u3000１，２３４．５"));
        assertEquals("-12.3", Fullwidth.fold("\u221212.3"), "a minus sign");
        assertEquals("2022-2023", Fullwidth.fold("2022\u20132023"), "an en dash");
        assertEquals("-", Fullwidth.fold("\u2014"), "an em dash alone is an empty cell");
        assertEquals("增长\u2014", Fullwidth.fold("增长\u2014"), "an em dash in text stays");
    }
}
