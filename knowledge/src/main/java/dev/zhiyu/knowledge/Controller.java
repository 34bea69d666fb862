package dev.zhiyu.knowledge;

import java.util.List;

/**
 * The actual controller of a company; for a 一致行动 group {@code controller} is the group and {@code jointControllers}
 * its members (共同实际控制人). {@code chain} runs from the controller down to the company through the holders
 * that carry control; {@code controllingShareholder} is the direct holder at the bottom of that chain. {@code gaps}
 * says, for an INCOMPLETE answer, which unknown votes could change it (unaccounted remainder, open-top holders,
 * undisclosed shares). {@code evidence}: the shareholding paths from the controller (each joint controller) down to the
 * company, largest first.
 */
public record Controller(Party company, ControlStatus status, Party controller, Party controllingShareholder,
                         ControlBasis basis, double votes, List<Party> chain, boolean stateOwned, String explanation,
                         List<Party> jointControllers, List<String> gaps,
                         List<EvidencePath> evidence) {
    public Controller {
        chain = List.copyOf(chain);
        votes = Shares.clean(votes);
        jointControllers = List.copyOf(jointControllers);
        gaps = List.copyOf(gaps);
        evidence = List.copyOf(evidence);
    }
}
