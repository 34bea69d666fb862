package dev.zhiyu.knowledge;

import java.util.List;

/**
 * A node of an equity penetration tree: {@code direct} is its share in its parent node, {@code effective} its effective
 * share relative to the tree's root company (fixed point; up: share held in the root; down: share the root holds).
 * {@code cycle} marks a node already on the path above it (its subtree is not repeated).
 */
public record PenetrationNode(Party party, Double direct, Double effective, boolean cycle, List<PenetrationNode> children) {
    public PenetrationNode {
        children = List.copyOf(children);
        effective = Shares.clean(effective);
    }
}
