package dev.zhiyu.telephony.lists;

import java.nio.charset.CharacterCodingException;

/** Raised for a file that must be refused as a whole. */
final class ListFormatException extends RuntimeException {
    ListFormatException(String message) {
        super(message);
    }

    /** Why a file could not be read, in words for the person who uploaded it. */
    static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("Zip bomb") || m.contains("zip bomb") || m.contains("ratio")) {
            return "疑似压缩炸弹，已拒绝";
        }
        if (e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException) {
            return "不是 UTF-8 编码的 CSV（请在 Excel 中另存为“CSV UTF-8”，或在文本编辑器中改存为 UTF-8 后重新上传）";
        }
        if (e instanceof IndexOutOfBoundsException || e instanceof NullPointerException
                || e instanceof ClassCastException) {
            return "文件内部结构损坏（" + e.getClass().getSimpleName() + "）";
        }
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
