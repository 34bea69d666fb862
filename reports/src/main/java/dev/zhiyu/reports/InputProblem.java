package dev.zhiyu.reports;

/** Why a document could not be processed; each is a stable status code with a Chinese message for people. */
public enum InputProblem {
    NOT_PDF("不是 PDF 文件"),
    ENCRYPTED("PDF 已加密，无法读取"),
    CORRUPT("PDF 已损坏或被截断"),
    NO_TEXT_LAYER("PDF 没有文字层（可能是扫描件），需要 OCR"),
    TOO_LARGE("文件超过大小上限"),
    TOO_MANY_PAGES("页数超过上限"),
    BOMB("PDF 含有异常巨大或深度嵌套的内容（疑似 PDF 炸弹）"),
    TIMEOUT("解析超时"),
    NOT_A_REPORT("未找到定期报告的主要会计数据表");

    private final String message;

    InputProblem(String message) {
        this.message = message;
    }

    public String message() { return message; }
}
