package dev.zhiyu.knowledge;

/**
 * How far a load has got. {@code done} and {@code total} count what the stage counts ({@link Stage#unit}); {@code total}
 * is -1 while not known. A small load goes CHECK → WRITE → COMPUTE; a first bulk import into an empty on-disk store goes
 * CHECK → LOAD → INDEX → SWITCH → COMPUTE (written by a separate loader process into a new store generation that
 * replaces the empty one in one step; in memory: CHECK → WRITE → INDEX → COMPUTE).
 */
public record ImportProgress(Stage stage, long done, long total) {
    /** Where a load is. */
    public enum Stage {
        CHECK("校验并建立索引", "行"),
        WRITE("写入图库", "条事实"),
        LOAD("装载事实", "条事实"),
        INDEX("建二级索引", "个索引"),
        SWITCH("切换到新图库", ""),
        COMPUTE("计算股权与控制关系", "");

        public final String label;
        public final String unit;

        Stage(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }
    }

    /** E.g. 「装载事实：80,000 / 1,595,743 条事实（5%）」. */
    public String describe() {
        if (total <= 0) {
            return stage.label;
        }
        return String.format("%s：%,d / %,d %s（%d%%）", stage.label, done, total, stage.unit, 100 * done / total);
    }
}
