package dev.zhiyu.knowledge;

/** Positions recorded for a company. {@link #MANAGER} is the day-to-day senior manager (总经理/经理). */
public enum OfficerRole {
    LEGAL_REPRESENTATIVE("法定代表人"), CHAIRMAN("董事长"), DIRECTOR("董事"), SUPERVISOR("监事"), MANAGER("总经理"),
    /** 执行事务合伙人: the general partner running a partnership; may be a company. */
    EXECUTIVE_PARTNER("执行事务合伙人");

    /** The title as analysts read it. */
    public final String label;

    OfficerRole(String label) {
        this.label = label;
    }

    public static OfficerRole parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "legal_representative", "法定代表人" -> LEGAL_REPRESENTATIVE;
            case "chairman", "董事长" -> CHAIRMAN;
            case "director", "董事" -> DIRECTOR;
            case "supervisor", "监事" -> SUPERVISOR;
            case "manager", "总经理", "经理", "seniormanagingofficial" -> MANAGER;
            case "executive_partner", "执行事务合伙人", "普通合伙人" -> EXECUTIVE_PARTNER;
            default -> throw new IllegalArgumentException("未知职务：" + s
                    + "（应为 legal_representative/chairman/director/supervisor/manager/executive_partner）");
        };
    }

    public boolean onBoard() {
        return this == DIRECTOR || this == CHAIRMAN;
    }
}
