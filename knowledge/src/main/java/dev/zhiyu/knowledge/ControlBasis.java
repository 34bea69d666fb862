package dev.zhiyu.knowledge;

/** Why a party controls a company (or why none does). */
public enum ControlBasis {
    /** holds (directly or through companies it controls) more than 50% of the votes */
    VOTES_OVER_50("控制表决权超过50%"),
    /** the executive (general) partner runs the partnership whatever its share */
    EXECUTIVE_PARTNER("执行事务合伙人控制合伙企业"),
    /** decides the election of more than half of the board */
    BOARD_MAJORITY("能决定董事会半数以上成员选任"),
    /** holds more than 30% of the votes and is alone the largest */
    VOTES_OVER_30("控制表决权超过30%且为唯一第一大"),
    /** the chain closes on itself (cross-holdings with no outside controller) */
    CIRCULAR("循环持股，无外部控制人"),
    /**
     * two parties hold 50% of the votes each and no agreement is recorded: joint control or deadlock cannot be told
     * from the data, so the answer is INCOMPLETE (a stated policy, see README)
     */
    EQUAL_HALVES("两方各持50%表决权，未登记一致行动协议或其他控制安排"),
    NONE("无单一方控制");

    public final String label;

    ControlBasis(String label) {
        this.label = label;
    }
}
