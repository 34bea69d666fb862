package dev.zhiyu.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluator itself: verdicts follow the expectation written in the file, whatever it is. */
class ControlEvalTest {
    private static final String CASES = """
            case,type,a,b,value,extra
            right,person,P1,,,
            right,company,A,unlisted,,
            right,hold,P1,A,60,
            right,expect,A,CONTROLLED,P1,
            wrong,person,P1,,,
            wrong,person,P2,,,
            wrong,company,A,unlisted,,
            wrong,hold,P1,A,60,
            wrong,hold,P2,A,40,
            wrong,expect,A,CONTROLLED,P2,deliberately wrong
            open,person,P1,,,
            open,company,A,unlisted,,
            open,hold,P1,A,35,
            open,expect,A,INCOMPLETE,,
            nominee,company,A,unlisted,,
            nominee,person,P2,,,
            nominee,hold,P2,A,40,
            nominee,nominee,N,A,60,P1
            nominee,expect,A,CONTROLLED,P1,
            """;

    @Test
    void verdictsAndPaths() throws IOException {
        List<ControlEval.Outcome> out = ControlEval.run(new StringReader(CASES));
        assertEquals(List.of(ControlEval.Verdict.AGREE, ControlEval.Verdict.DISAGREE,
                ControlEval.Verdict.CORRECTLY_INCOMPLETE, ControlEval.Verdict.AGREE),
                out.stream().map(ControlEval.Outcome::verdict).toList());
        assertTrue(out.get(0).paths().contains("P1 60.00% → A（乘积 60.00%）"), out.get(0).paths().toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ControlEval.print(out, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("合计 4 家：一致 2，正确判为数据不全 1，不一致 1"));
    }

    @Test
    void aCaseWithoutExpectationOrWithRejectedDataIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ControlEval.run(new StringReader(
                "case,type,a,b,value,extra\nx,company,A,unlisted,,\n")));
        assertThrows(IllegalArgumentException.class, () -> ControlEval.run(new StringReader(
                "case,type,a,b,value,extra\nx,hold,P,A,60,\nx,expect,A,CONTROLLED,P,\n")));
    }
}
