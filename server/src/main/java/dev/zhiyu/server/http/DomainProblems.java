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

/**
 * The one place where the domain modules' exceptions become problem documents. Routes let them through; anything not
 * named here (an {@code IllegalArgumentException} from a bug included) is a 500 with an incident id.
 */
final class DomainProblems {
    private DomainProblems() {
    }

    /** The problem for a domain exception, or null when {@code e} is none of ours. */
    static ProblemException of(Throwable e) {
        return switch (e) {
            case ProblemException p -> p;
            case Failure f -> fromFailure(f);
            case TelephonyException t -> switch (t.kind()) {
                case NOT_FOUND -> ProblemException.notFound(t.getMessage());
                case CONFLICT -> conflict(t.field(), t.getMessage());
                case INVALID -> ProblemException.field(400, "VALIDATION_FAILED", "输入无效", t.field(), t.getMessage());
            };
            case UnknownIdException u -> ProblemException.notFound(u.getMessage());
            case UnknownEntityException u -> ProblemException.notFound(u.getMessage());
            case CorruptArtifactException c -> ProblemException.of(409, "MODEL_CORRUPT", "模型文件损坏", c.getMessage());
            case ModelRequestException m -> m.kind() == ModelRequestException.Kind.INVALID
                    ? ProblemException.of(400, "VALIDATION_FAILED", "输入无效", m.getMessage())
                    : ProblemException.of(409, "CONFLICT", "状态冲突", m.getMessage());
            case MatcherCalibration.TooFewJudgments t -> ProblemException.of(409, "NOT_ENOUGH_JUDGMENTS", "判断不足",
                    t.getMessage());
            case ScenarioException s -> ProblemException.field(400, "INVALID_SCENARIO", "场景无效",
                    s.line() > 0 ? "line " + s.line() : "scenario", s.getMessage());
            case InvalidQueryException q -> q.field() == null
                    ? ProblemException.of(400, "VALIDATION_FAILED", "输入无效", q.getMessage())
                    : ProblemException.field(400, "VALIDATION_FAILED", "输入无效", q.field(), q.getMessage());
            case SparqlException s -> switch (s.reason) {
                case TIMEOUT -> ProblemException.of(408, "SPARQL_TIMEOUT", "查询超时", s.getMessage());
                case BUSY -> ProblemException.of(429, "SPARQL_BUSY", "查询过多", s.getMessage());
                case REJECTED -> ProblemException.field(400, "SPARQL_REJECTED", "查询被拒绝", "query", s.getMessage());
            };
            case ReportException r -> ProblemException.of(r.problem() == InputProblem.TOO_LARGE ? 413 : 422,
                    r.problem().name(), "文档被拒绝", r.getMessage());
            default -> null;
        };
    }

    private static ProblemException fromFailure(Failure f) {
        return switch (f.kind()) {
            case NOT_FOUND -> ProblemException.notFound(f.getMessage());
            case CONFLICT -> conflict(f.field(), f.getMessage());
            case INVALID -> ProblemException.field(400, "VALIDATION_FAILED", "输入无效", f.field(), f.getMessage());
            case UNAVAILABLE -> ProblemException.of(503, "UNAVAILABLE", "服务暂不可用", f.getMessage());
        };
    }

    private static ProblemException conflict(String field, String message) {
        return field == null ? ProblemException.of(409, "CONFLICT", "冲突", message)
                : ProblemException.field(409, "CONFLICT", "冲突", field, message);
    }
}
