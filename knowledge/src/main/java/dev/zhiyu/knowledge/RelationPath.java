package dev.zhiyu.knowledge;

import java.util.List;

/** A path between two parties: the parties in order and the relation type of each hop (e.g. 持股, 任职, 担保, 供应). */
public record RelationPath(List<Party> parties, List<String> relations) {
    public RelationPath {
        parties = List.copyOf(parties);
        relations = List.copyOf(relations);
    }
}
