package dev.zhiyu.server.http;

import dev.zhiyu.dialog.ScenarioException;
import dev.zhiyu.knowledge.InvalidQueryException;
import dev.zhiyu.knowledge.SparqlException;
import dev.zhiyu.knowledge.UnknownEntityException;
import dev.zhiyu.models.CorruptArtifactException;
import dev.zhiyu.models.ModelRequestException;
import dev.zhiyu.models.UnknownIdException;
import dev.zhiyu.reports.InputProblem;
import dev.zhiyu.reports.ReportException;
import dev.zhiyu.reports.explain.MatcherCalibration;
import dev.zhiyu.server.platform.Failure;
import dev.zhiyu.telephony.TelephonyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DomainProblemsTest {

    @Test
    void programmingErrorsAreNotInputProblems() {
        assertNull(DomainProblems.of(new IllegalArgumentException("bug")));
        assertNull(DomainProblems.of(new IllegalStateException("bug")));
        assertNull(DomainProblems.of(new NullPointerException()));
    }

    @Test
    void eachDomainExceptionHasItsStatusAndCode() {
        check(404, "NOT_FOUND", new UnknownIdException("没有版本 9"));
        check(404, "NOT_FOUND", new UnknownEntityException("某公司"));
        check(409, "MODEL_CORRUPT", new CorruptArtifactException("校验和不符"));
        check(400, "VALIDATION_FAILED", ModelRequestException.invalid("未知的超参数「x」"));
        check(409, "CONFLICT", ModelRequestException.conflict("之前没有上线过的版本，无法回滚"));
        check(409, "NOT_ENOUGH_JUDGMENTS", new MatcherCalibration.TooFewJudgments(3, 1));
        check(400, "INVALID_SCENARIO", new ScenarioException("s.yaml", 3, "缺少 stages"));
        check(400, "VALIDATION_FAILED", new InvalidQueryException("levels", "层数须在 1–20 之间"));
        check(408, "SPARQL_TIMEOUT", new SparqlException("超时", SparqlException.Reason.TIMEOUT));
        check(429, "SPARQL_BUSY", new SparqlException("忙", SparqlException.Reason.BUSY));
        check(400, "SPARQL_REJECTED", new SparqlException("SERVICE", SparqlException.Reason.REJECTED));
        check(413, "TOO_LARGE", new ReportException(InputProblem.TOO_LARGE, "a.pdf"));
        check(422, InputProblem.ENCRYPTED.name(), new ReportException(InputProblem.ENCRYPTED, "a.pdf"));
        check(409, "CONFLICT", Failure.conflict("status", "任务已停止"));
        check(400, "VALIDATION_FAILED", Failure.invalid("name", "不能为空"));
        check(503, "UNAVAILABLE", Failure.unavailable("数据库不可用", null));
        check(404, "NOT_FOUND", TelephonyException.notFound("没有任务 t-9"));
        check(409, "CONFLICT", TelephonyException.conflict("status", "任务已停止，不能再启动"));
        check(400, "VALIDATION_FAILED", TelephonyException.invalid("listId", "没有这个名单"));
    }

    @Test
    void theFieldAtFaultIsNamed() {
        ProblemException p = DomainProblems.of(new InvalidQueryException("maxRows", "行数上限须在 1–10000 之间"));
        assertEquals("maxRows", p.errors.getFirst().field());
    }

    private static void check(int status, String code, RuntimeException e) {
        ProblemException p = DomainProblems.of(e);
        assertEquals(status, p.status, e.toString());
        assertEquals(code, p.code, e.toString());
        assertEquals(e.getMessage(), p.getMessage().substring(p.getMessage().length() - e.getMessage().length()));
    }
}
