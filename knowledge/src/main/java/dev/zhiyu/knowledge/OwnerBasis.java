package dev.zhiyu.knowledge;

/** Why a natural person is a beneficial owner (PBOC 2024 measures). */
public enum OwnerBasis {
    OWNERSHIP_25("直接或间接持股不低于25%"),
    VOTING_25("享有不低于25%的表决权"),
    CONTROL("单独或共同实际控制"),
    SENIOR_MANAGER("无符合前述条件者，由日常经营管理的高级管理人员兜底"),
    DECLARED("来源申报的受益所有权");

    public final String label;

    OwnerBasis(String label) {
        this.label = label;
    }
}
