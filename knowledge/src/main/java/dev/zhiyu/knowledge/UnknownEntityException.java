package dev.zhiyu.knowledge;

import java.util.NoSuchElementException;

/** A query named an entity the graph does not have (or that another tenant owns: indistinguishable on purpose). */
public final class UnknownEntityException extends NoSuchElementException {
    public UnknownEntityException(String ref) {
        super("没有这个主体：" + ref);
    }
}
