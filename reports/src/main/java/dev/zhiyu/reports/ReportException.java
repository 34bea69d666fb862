package dev.zhiyu.reports;

/** A document was rejected; {@link #problem()} is the status, the message names the file and page where known. */
public final class ReportException extends RuntimeException {
    private final InputProblem problem;

    public ReportException(InputProblem problem, String detail) {
        super(problem.message() + (detail == null || detail.isBlank() ? "" : "：" + detail));
        this.problem = problem;
    }

    public ReportException(InputProblem problem, String detail, Throwable cause) {
        this(problem, detail);
        initCause(cause);
    }

    public InputProblem problem() { return problem; }
}
