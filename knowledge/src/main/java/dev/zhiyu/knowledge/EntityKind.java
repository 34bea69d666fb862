package dev.zhiyu.knowledge;

/** What a node of the graph is. A {@link #STATE} body (国资委, 财政部 …) ends every ownership chain it appears in. */
public enum EntityKind {
    COMPANY, PERSON, STATE, OTHER;

    /** Companies and other parties (trusts, arrangements) can have holders; persons and state bodies end a chain. */
    public boolean holdable() {
        return this == COMPANY || this == OTHER;
    }

    /** Parses {@code company|person|state|other} or their Chinese names 企业/自然人/国资/其他. */
    public static EntityKind parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "company", "企业", "公司", "entity", "registeredentity" -> COMPANY;
            case "person", "自然人", "个人" -> PERSON;
            case "state", "国资", "政府", "stateagency", "statebody" -> STATE;
            case "other", "其他" -> OTHER;
            default -> throw new IllegalArgumentException("未知的主体类型：" + s + "（应为 company/person/state/other）");
        };
    }
}
