package dev.zhiyu.knowledge;

/** Positions recorded for a company. {@link #MANAGER} is the day-to-day senior manager (总经理/经理). */
public enum OfficerRole {
    LEGAL_REPRESENTATIVE, CHAIRMAN, DIRECTOR, SUPERVISOR, MANAGER;

    public static OfficerRole parse(String s) {
        return switch (s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "legal_representative", "法定代表人" -> LEGAL_REPRESENTATIVE;
            case "chairman", "董事长" -> CHAIRMAN;
            case "director", "董事" -> DIRECTOR;
            case "supervisor", "监事" -> SUPERVISOR;
            case "manager", "总经理", "经理", "seniormanagingofficial" -> MANAGER;
            default -> throw new IllegalArgumentException("未知职务：" + s
                    + "（应为 legal_representative/chairman/director/supervisor/manager）");
        };
    }

    public boolean onBoard() {
        return this == DIRECTOR || this == CHAIRMAN;
    }
}
