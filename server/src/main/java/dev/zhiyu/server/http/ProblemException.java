package dev.zhiyu.server.http;

import java.util.List;
import java.util.Locale;

/** Thrown anywhere in a request to answer with a problem document. */
final class ProblemException extends RuntimeException {
    final int status;
    final String code;
    final String title;
    final List<Problem.FieldError> errors;

    ProblemException(int status, String code, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = errors;
    }

    static ProblemException of(int status, String code, String title, String detail) {
        return new ProblemException(status, code, title, detail, List.of());
    }

    static ProblemException field(int status, String code, String title, String field, String message) {
        return new ProblemException(status, code, title, field + "：" + message,
                List.of(new Problem.FieldError(field, message)));
    }

    static ProblemException notFound(String detail) {
        return of(404, "NOT_FOUND", "未找到", detail);
    }

    static ProblemException unauthenticated() {
        return of(401, "UNAUTHENTICATED", "未认证",
                "缺少有效凭据：请在 Authorization: Bearer 头或 X-API-Key 头中提供有效的 API 密钥，或先登录");
    }

    Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_BASE + code.toLowerCase(Locale.ROOT).replace('_', '-'), title, status,
                getMessage(), instance, code, errors);
    }
}
