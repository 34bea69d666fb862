package dev.zhiyu.knowledge;

/**
 * How far opening a graph has got: reading its saved index ({@code SNAPSHOT}), replaying the store's facts because no
 * usable snapshot exists ({@code REPLAY}), computing ownership and control ({@code COMPUTE}), then {@code READY}.
 * {@code done} counts parties read (snapshot) or facts replayed; {@code total} is -1 when not known in advance.
 */
public record OpenProgress(Phase phase, long done, long total) {
    /** Where an opening is. */
    public enum Phase {
        SNAPSHOT("读取索引快照"), REPLAY("快照缺失或过期，正在从图库重建索引"), COMPUTE("计算股权与控制关系"), READY("就绪");

        public final String label;

        Phase(String label) {
            this.label = label;
        }
    }
}
